import { mount } from 'svelte';
import ExamApp from './ExamApp.svelte';
import '@exam/ui/styles/app.css';
import './exam.css';

const target = document.getElementById('app');
if (!target) throw new Error('missing #app element');

export default mount(ExamApp, { target });
