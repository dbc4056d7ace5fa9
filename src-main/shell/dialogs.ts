import { dialog } from 'electron';
import type { BrowserWindow } from 'electron';

export async function chooseFolder(win: BrowserWindow | null, purpose: 'create' | 'open'): Promise<string | null> {
  const options: Electron.OpenDialogOptions = {
    properties: purpose === 'create' ? ['openDirectory', 'createDirectory', 'promptToCreate'] : ['openDirectory'],
    title: purpose === 'create' ? 'Choose an empty folder for the new vault' : 'Choose a vault folder',
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
