/**
 * Bundles alias `@smithy/core/event-streams` to this. The SDK's protocol layer imports the event-stream codec (about
 * 11 KB of every SDK bundle) for operations that stream events, such as S3 SelectObjectContent; none of the
 * operations these functions call does. The S3 client wires the marshaller in when it is made, so that stays
 * possible; using it throws and names this file. Importing a name not defined here fails the build, so an SDK update
 * that needs more cannot slip through.
 */
const unsupported = (): never => {
  throw new Error('Event streams are left out of the function bundles (shared/adapters/aws/no-event-streams.ts)');
};

export const eventStreamSerdeProvider = () => ({ serialize: unsupported, deserialize: unsupported });

export const resolveEventStreamSerdeConfig = <T extends { eventStreamSerdeProvider: (input: T) => unknown }>(input: T) =>
  Object.assign(input, { eventStreamMarshaller: input.eventStreamSerdeProvider(input) });

export class EventStreamSerde {
  constructor() {
    unsupported();
  }
}
