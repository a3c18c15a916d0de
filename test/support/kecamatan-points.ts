/**
 * One point per kecamatan of the shipped Kabupaten Serang configuration, each 1.3–4 km inside its border (so
 * boundary simplification cannot move it out): test reports placed in a district lie in it, since the location
 * decides the kecamatan.
 */
export const KECAMATAN_POINTS: Record<string, { lat: number; lon: number }> = {
  kramatwatu: { lat: -6.0383, lon: 106.1201 },
  'waringin-kurung': { lat: -6.0935, lon: 106.0725 },
  bojonegara: { lat: -5.9725, lon: 106.0834 },
  'pulo-ampel': { lat: -5.9309, lon: 106.0876 },
  ciruas: { lat: -6.1149, lon: 106.2412 },
  kragilan: { lat: -6.1483, lon: 106.2795 },
  pontang: { lat: -6.0251, lon: 106.2543 },
  tirtayasa: { lat: -6.0038, lon: 106.3109 },
  tanara: { lat: -6.0092, lon: 106.3769 },
  cikande: { lat: -6.1739, lon: 106.3618 },
  kibin: { lat: -6.1675, lon: 106.3212 },
  carenang: { lat: -6.0812, lon: 106.3234 },
  binuang: { lat: -6.1324, lon: 106.3479 },
  petir: { lat: -6.2413, lon: 106.1967 },
  'tunjung-teja': { lat: -6.2767, lon: 106.2458 },
  baros: { lat: -6.2257, lon: 106.1218 },
  cikeusal: { lat: -6.2056, lon: 106.2588 },
  pamarayan: { lat: -6.2871, lon: 106.2976 },
  kopo: { lat: -6.3125, lon: 106.3742 },
  jawilan: { lat: -6.3178, lon: 106.3298 },
  ciomas: { lat: -6.2454, lon: 106.0263 },
  pabuaran: { lat: -6.2116, lon: 106.0634 },
  padarincang: { lat: -6.191, lon: 105.9898 },
  anyar: { lat: -6.0881, lon: 105.9137 },
  cinangka: { lat: -6.1763, lon: 105.891 },
  mancak: { lat: -6.0906, lon: 105.992 },
  gunungsari: { lat: -6.1543, lon: 106.0413 },
  bandung: { lat: -6.2174, lon: 106.2977 },
  'lebak-wangi': { lat: -6.0789, lon: 106.2806 },
};
