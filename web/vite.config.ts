/**
 * The web app's build: two pages, the citizen app (index.html) and the staff console (staf/index.html),
 * each with only the code it imports. Preact's JSX through esbuild; no framework plugin needed.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { serviceWorker } from './build/service-worker-plugin';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  // keeps the build quiet when `npm start` or the tests run it
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    target: 'es2020',
    // the citizen pages must stay small on 3G: report bundle sizes instead of hiding them
    reportCompressedSize: false,
    rollupOptions: {
      input: { main: here('index.html'), staf: here('staf/index.html') },
    },
  },
  plugins: [serviceWorker()],
  // `npm run web:dev`: Vite's dev server in front of a running `npm start` (API on the same origin, as in production)
  server: {
    fs: { allow: [here('..')] },
    proxy: Object.fromEntries(['/v1', '/open311', '/openapi.json', '/health', '/local', '/staf/config.json'].map((path) => [path, process.env.API_URL ?? 'http://127.0.0.1:3000'])),
  },
});
