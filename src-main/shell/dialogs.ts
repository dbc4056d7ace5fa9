import { dialog } from 'electron';
import type { BrowserWindow } from 'electron';

const FOLDER_TITLES = {
  create: 'Choose an empty folder for the new vault',
  open: 'Choose a vault folder',
  export: 'Choose an empty folder for the filing package',
  verify: 'Choose a filing package (bag) folder to verify',
} as const;

export async function chooseFolder(win: BrowserWindow | null, purpose: keyof typeof FOLDER_TITLES): Promise<string | null> {
  const makesFolder = purpose === 'create' || purpose === 'export';
  const options: Electron.OpenDialogOptions = {
    properties: makesFolder ? ['openDirectory', 'createDirectory', 'promptToCreate'] : ['openDirectory'],
    title: FOLDER_TITLES[purpose],
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

export async function chooseImportPaths(win: BrowserWindow | null, kind: 'files' | 'folder'): Promise<string[]> {
  const options: Electron.OpenDialogOptions = {
    properties: kind === 'files' ? ['openFile', 'multiSelections'] : ['openDirectory', 'multiSelections'],
    title: kind === 'files' ? 'Choose files to import' : 'Choose folders to import',
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? [] : result.filePaths;
}

export async function chooseSavePath(win: BrowserWindow | null, suggestedName: string): Promise<string | null> {
  const options: Electron.SaveDialogOptions = { defaultPath: suggestedName, properties: ['createDirectory', 'showOverwriteConfirmation'] };
  const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
  return result.canceled || !result.filePath ? null : result.filePath;
}

export async function chooseKeyFile(win: BrowserWindow | null): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    properties: ['openFile'],
    title: 'Choose the public key the sender published',
    filters: [
      { name: 'OpenSSH public key', extensions: ['pub'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}
