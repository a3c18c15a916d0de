/** The report form as typed so far, kept on the device so a reload or a closed tab loses nothing. */
import type { Problem } from '../api';
import { load, remove, save } from './store';

export interface Point {
  lat: number;
  lon: number;
}

export interface Draft {
  category: string;
  district: string;
  location?: Point;
  address: string;
  description: string;
  /** already scaled (photo-scale.ts) */
  photos: Blob[];
  phone: string;
  name: string;
  anonymous: boolean;
  confidential: boolean;
  /** the API's refusal of a report sent from the queue, shown next to the fields when the form opens */
  problem?: Problem;
}

export const emptyDraft = (): Draft => ({
  category: '',
  district: '',
  address: '',
  description: '',
  photos: [],
  phone: '',
  name: '',
  anonymous: false,
  confidential: false,
});

const KEY = 'draft';
export const loadDraft = () => load<Draft>(KEY);
export const saveDraft = (draft: Draft) => save(KEY, draft);
export const clearDraft = () => remove(KEY);

export const isEmpty = (d: Draft) =>
  !d.category && !d.district && !d.location && !d.address.trim() && !d.description.trim() && d.photos.length === 0 && !d.phone.trim() && !d.name.trim();
