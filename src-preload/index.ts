import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { API_GLOBAL } from '../src-shared/contract.ts';
import { createPreloadApi } from './api.ts';

contextBridge.exposeInMainWorld(API_GLOBAL, createPreloadApi(ipcRenderer, webUtils));
