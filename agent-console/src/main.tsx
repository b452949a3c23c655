import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Router } from 'wouter';
import { App } from './components/App.js';
import { ConsoleContext } from './hooks/useConsole.js';
import { createConsoleStore } from './state/store.js';
import { ConsoleClient } from './transport/consoleClient.js';
import './console.css';

const store = createConsoleStore();
const client = new ConsoleClient(store);
void client.resume();

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing');
createRoot(root).render(
  <StrictMode>
    <ConsoleContext.Provider value={{ store, client }}>
      <Router base="/console">
        <App />
      </Router>
    </ConsoleContext.Provider>
  </StrictMode>,
);
