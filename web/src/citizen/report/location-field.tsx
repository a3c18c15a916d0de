/** "Lokasi": the phone's GPS, a pin on a map (loaded on demand), or nothing when the address is enough. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n/citizen';
import type { Point } from '../draft';
import type { PinMap } from '../map/pin-map';
import { FieldError } from './field';

export interface LocationFieldProps {
  value: Point | undefined;
  error?: string;
  onChange(point: Point | undefined): void;
}

export function LocationField({ value, error, onChange }: LocationFieldProps) {
  const mapElement = useRef<HTMLDivElement>(null);
  const map = useRef<PinMap>();
  const [mapState, setMapState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [tilesFailed, setTilesFailed] = useState(false);
  const [locating, setLocating] = useState(false);
  const [geoError, setGeoError] = useState('');
  const latest = useRef(onChange);
  latest.current = onChange;

  useEffect(() => {
    let live = true;
    import('../map/pin-map').then(
      ({ createPinMap }) => {
        if (!live || !mapElement.current) return;
        map.current = createPinMap(mapElement.current, {
          label: t('map.label'),
          pinLabel: t('map.pin'),
          ...(value && { initial: value }),
          onMove: (p) => latest.current(p),
          onTilesFailed: () => setTilesFailed(true),
        });
        setMapState('ready');
      },
      () => live && setMapState('failed'),
    );
    return () => {
      live = false;
      map.current?.destroy();
      map.current = undefined;
    };
  }, []);

  useEffect(() => map.current?.setPin(value), [value?.lat, value?.lon, mapState]);

  const useMine = () => {
    if (!('geolocation' in navigator)) return setGeoError(t('form.location.denied'));
    setLocating(true);
    setGeoError('');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setLocating(false);
        onChange({ lat: Math.round(pos.coords.latitude * 1e6) / 1e6, lon: Math.round(pos.coords.longitude * 1e6) / 1e6 });
      },
      () => {
        setLocating(false);
        setGeoError(t('form.location.denied'));
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 60_000 },
    );
  };

  const describe = ['location-hint', 'location-status', error && 'location-error'].filter(Boolean).join(' ');
  return (
    <fieldset class="field" id="location" aria-describedby={describe} tabIndex={-1}>
      <legend class="label">{t('form.location')}</legend>
      <p class="hint" id="location-hint">
        {t('form.location.hint')}
      </p>
      <div class="row wrap">
        <button type="button" class="secondary" onClick={useMine} disabled={locating}>
          {locating ? t('form.location.locating') : t('form.location.mine')}
        </button>
        {mapState === 'ready' && (
          <button type="button" class="secondary" onClick={() => onChange(map.current!.center())}>
            {t('form.location.center')}
          </button>
        )}
        {value && (
          <button
            type="button"
            class="secondary"
            onClick={() => {
              onChange(undefined);
              // the button goes with the location: the focus stays in the fieldset
              requestAnimationFrame(() => document.getElementById('location')?.focus());
            }}
          >
            {t('form.location.clear')}
          </button>
        )}
      </div>
      <p id="location-status" aria-live="polite">
        {value ? t('form.location.set', { lat: value.lat.toFixed(5), lon: value.lon.toFixed(5) }) : t('form.location.none')}
      </p>
      {geoError && <p class="field-error">{geoError}</p>}
      <div ref={mapElement} class="map" />
      {mapState === 'failed' && <p class="hint">{t('map.failed')}</p>}
      {tilesFailed && <p class="hint">{t('map.noTiles')}</p>}
      <FieldError id="location" error={error} />
    </fieldset>
  );
}
