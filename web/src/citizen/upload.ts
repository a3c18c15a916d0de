/**
 * Sends one photo with the presigned POST the API grants: the form fields as given, the file last (S3 reads
 * the policy first). XMLHttpRequest rather than fetch because only it reports upload progress.
 */
import { NetworkError } from '../api';

export interface UploadGrant {
  url: string;
  fields: Record<string, string>;
}

export function uploadPhoto(grant: UploadGrant, photo: Blob, onProgress: (loaded: number, total: number) => void): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(grant.fields)) form.append(name, value);
  form.append('file', photo, 'photo.jpg');
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', grant.url);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded, e.total);
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : reject(new Error(`upload refused: ${xhr.status}`)));
    xhr.onerror = () => reject(new NetworkError(new Error('upload failed')));
    xhr.ontimeout = xhr.onerror;
    xhr.send(form);
  });
}
