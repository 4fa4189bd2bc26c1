import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Serves `/deployment.json` from the manifest scf-deploy wrote, so the dApp needs no copy:
 * `SCF_MANIFEST=../deploy/deployments/local.json npm run dev` (the default is that file).
 * A file in public/ of the same name wins if there is one (a static deployment).
 */
function manifestFromDeploy(): Plugin {
  const path = resolve(process.env.SCF_MANIFEST ?? resolve(import.meta.dirname, '../deploy/deployments/local.json'));
  const serve = (req: { url?: string }, res: import('node:http').ServerResponse, next: () => void) => {
    if (req.url?.split('?')[0] !== '/deployment.json' || existsSync(resolve(import.meta.dirname, 'public/deployment.json'))) return next();
    if (!existsSync(path)) {
      res.statusCode = 404;
      res.end(`no manifest at ${path}: deploy first, or set SCF_MANIFEST`);
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.setHeader('cache-control', 'no-store');
    res.end(readFileSync(path));
  };
  return {
    name: 'scf-manifest',
    configureServer: (server) => void server.middlewares.use(serve),
    configurePreviewServer: (server) => void server.middlewares.use(serve),
  };
}

export default defineConfig({
  plugins: [react(), manifestFromDeploy()],
  base: './',
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
