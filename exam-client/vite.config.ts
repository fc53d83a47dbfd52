import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [svelte()],
  resolve: {
    // compile @exam/contracts from its TypeScript source instead of its built output
    conditions: ['@exam/source', ...defaultClientConditions],
  },
  build: {
    rolldownOptions: {
      // two pages: the candidate portal at / and the 人机对话 exam at /exam/ (its own small bundle)
      input: {
        portal: fileURLToPath(new URL('./index.html', import.meta.url)),
        exam: fileURLToPath(new URL('./exam/index.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true } },
  },
  preview: {
    proxy: { '/api': 'http://127.0.0.1:3000', '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true } },
  },
});
