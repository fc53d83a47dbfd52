import '@exam/ui/lib/zod-jitless';
import { mount } from 'svelte';
import App from './App.svelte';
import '@exam/ui/styles/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');

export default mount(App, { target });
