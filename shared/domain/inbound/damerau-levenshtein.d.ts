// The package ships no types; this is the whole of its API.
declare module 'damerau-levenshtein' {
  export default function damerauLevenshtein(a: string, b: string, limit?: number): { steps: number; relative: number; similarity: number };
}
