// A fresh process importing one bundle, as Lambda's runtime does at init. Prints what it measured on stdout.
// importMs: performance.now() around the dynamic import; readyMs: since the process's time origin (Node's own
// start-up included), at the moment the handler is ready; cpuMs: the process's CPU time at that moment.
const file = process.argv[2];
const started = performance.now();
const mod = await import(file);
const ready = performance.now();
if (typeof mod.handler !== 'function') throw new Error(`${file} exports no handler`);
// cpuMs: CPU time (user + system, all threads) of the whole process so far, Node's start-up included
const cpu = process.cpuUsage();
process.stdout.write(JSON.stringify({ importMs: ready - started, readyMs: ready, cpuMs: (cpu.user + cpu.system) / 1000 }));
