import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [svelte()],
  resolve: {
    // compile @exam/contracts from its TypeScript source instead of its built output
    conditions: ['@exam/source', ...defaultClientConditions],
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
