import type { Locator, Page } from '@playwright/test';

/** The Verify screen: a dropped or chosen package, its progress, verdict, signature and file table. */
export class VerifyPage {
  readonly page: Page;
  readonly dropZone: Locator;
  readonly chooseFolder: Locator;
  readonly target: Locator;
  readonly progressState: Locator;
  readonly progressFigure: Locator;
  readonly verdict: Locator;
  readonly signature: Locator;
  readonly fingerprint: Locator;
  readonly problems: Locator;
  readonly saveReport: Locator;
  readonly saved: Locator;
  readonly files: Locator;
  readonly chooseKey: Locator;
  readonly keyFile: Locator;
  readonly clearKey: Locator;

  constructor(page: Page) {
    this.page = page;
    this.dropZone = page.getByTestId('verify-drop-zone');
    this.chooseFolder = this.dropZone.getByRole('button', { name: /Choose folder|Выбрать папку/ });
    this.target = page.getByTestId('verify-target');
    this.progressState = page.getByTestId('verify-progress-state');
    this.progressFigure = page.getByTestId('verify-progress-figure');
    this.verdict = page.getByTestId('verify-verdict');
    this.signature = page.getByTestId('verify-signature');
    this.fingerprint = page.getByTestId('verify-fingerprint');
    this.problems = page.getByTestId('verify-problems');
    this.saveReport = page.getByRole('button', { name: /Save verification report|Сохранить отчёт о проверке/ });
    this.saved = page.getByTestId('verify-saved');
    this.files = page.getByTestId('file-check');
    this.chooseKey = page.getByTestId('published-key').getByRole('button', { name: /Choose key file|Выбрать файл ключа/ });
    this.keyFile = page.getByTestId('published-key-file');
    this.clearKey = page.getByTestId('published-key').getByRole('button', { name: /package’s own key|ключ из пакета/ });
  }

  file(manifestPath: string): Locator {
    return this.page.locator(`[data-testid="file-check"][data-path="${manifestPath}"]`);
  }

  count(filter: 'all' | 'ok' | 'missing' | 'extra' | 'mismatched'): Locator {
    return this.page.getByTestId(`check-count-${filter}`).locator('.chip-count');
  }

  /** Drops one path below the test's workDir, as the OS would (see ImportPage.drop). */
  async drop(relativeName: string): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle((name) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['(dropped)'], name));
      return dt;
    }, relativeName);
    await this.dropZone.dispatchEvent('dragenter', { dataTransfer });
    await this.dropZone.dispatchEvent('dragover', { dataTransfer });
    await this.dropZone.dispatchEvent('drop', { dataTransfer });
    await dataTransfer.dispose();
  }
}
