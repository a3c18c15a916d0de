/**
 * Bundles alias `node:stream/web` to this. @middy/core imports its ReadableStream at the top of its module, for
 * streamed responses alone, which no function here sends; Node then builds its whole web-streams implementation
 * (about 2 ms of CPU) at every cold start for an `instanceof` that never runs. This stand-in loads the real module
 * the first time a stream is made or checked, and behaves as the real class for `new` and `instanceof`.
 * Importing any other name from `node:stream/web` fails the build, so nothing can silently get a stand-in.
 */
import { createRequire } from 'node:module';

type WebStreams = typeof import('node:stream/web');
let real: WebStreams | undefined;
const webStreams = (): WebStreams => (real ??= createRequire(import.meta.url)('node:stream/web') as WebStreams);

export class ReadableStream {
  constructor(...args: unknown[]) {
    const Real = webStreams().ReadableStream;
    // a constructor that returns an object makes `new` give that object: the real stream
    return new Real(...(args as ConstructorParameters<typeof Real>)) as unknown as ReadableStream;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return value instanceof webStreams().ReadableStream;
  }
}
