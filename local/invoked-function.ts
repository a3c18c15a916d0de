/**
 * Which function the local stack is running, for code that observes the whole process (the table-access test
 * records each DynamoDB call with the function that made it). Every function runs in this one process, so the
 * name travels with the invocation's asynchronous context, set where its Lambda context is made.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const running = new AsyncLocalStorage<string>();

/**
 * Marks the rest of the current asynchronous execution (the handler called next, and everything it awaits) as
 * `functionName`'s. Called right before a handler is invoked, after the invoker's last await, so the mark does not
 * reach back into its caller.
 */
export function enterFunction(functionName: string): void {
  running.enterWith(functionName);
}

/** The function whose invocation is running here, if any. */
export function invokedFunction(): string | undefined {
  return running.getStore();
}
