import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './portal.css';

// StrictMode on, as in a new React app: in development it mounts every component, runs its
// effects' cleanups and runs them again. FemAssessment survives that (see its comment).
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
