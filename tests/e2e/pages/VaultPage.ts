import type { Locator, Page } from '@playwright/test';

/** The vault screen: unlock and create forms while locked, the recovery key step, the overview. */
export class VaultPage {
  readonly page: Page;
  readonly unlockForm: Locator;
  readonly unlockFolder: Locator;
  readonly unlockChoose: Locator;
  readonly unlockPassphrase: Locator;
  readonly unlockSubmit: Locator;
  readonly createForm: Locator;
  readonly createFolder: Locator;
  readonly createChoose: Locator;
  readonly createOperator: Locator;
  readonly createPassphrase: Locator;
  readonly createConfirm: Locator;
  readonly createSubmit: Locator;
  readonly strengthLabel: Locator;
  readonly recoveryKey: Locator;
  readonly recoveryGroups: Locator;
  readonly recoveryWritten: Locator;
  readonly recoveryContinue: Locator;
  readonly recoveryLastGroup: Locator;
  readonly recoveryFinish: Locator;
  readonly overviewFolder: Locator;
  readonly overviewItems: Locator;
  readonly alert: Locator;

  constructor(page: Page) {
    this.page = page;
    this.unlockForm = page.locator('form[aria-labelledby="unlock-title"]');
    this.unlockFolder = page.locator('#unlock-folder');
    this.unlockChoose = this.unlockForm.getByRole('button', { name: /Choose|Выбрать/ });
    this.unlockPassphrase = page.locator('#unlock-passphrase');
    this.unlockSubmit = this.unlockForm.locator('button[type="submit"]');
    this.createForm = page.locator('form[aria-labelledby="create-title"]');
    this.createFolder = page.locator('#create-folder');
    this.createChoose = this.createForm.getByRole('button', { name: /Choose|Выбрать/ });
    this.createOperator = page.locator('#create-operator');
    this.createPassphrase = page.locator('#create-passphrase');
    this.createConfirm = page.locator('#create-confirm');
    this.createSubmit = this.createForm.locator('button[type="submit"]');
    this.strengthLabel = page.getByTestId('strength-label');
    this.recoveryKey = page.getByTestId('recovery-key');
    this.recoveryGroups = page.getByTestId('recovery-group');
    this.recoveryWritten = page.locator('#recovery-written');
    this.recoveryContinue = page.getByRole('button', { name: /^Continue$|^Продолжить$/ });
    this.recoveryLastGroup = page.locator('#recovery-last-group');
    this.recoveryFinish = page.getByRole('button', { name: /Confirm and open|Подтвердить и открыть/ });
    this.overviewFolder = page.getByTestId('overview-folder');
    this.overviewItems = page.getByTestId('overview-items');
    this.alert = page.getByRole('alert');
  }

  async fillCreate(passphrase: string, confirm = passphrase, operator?: string): Promise<void> {
    if (operator !== undefined) await this.createOperator.fill(operator);
    await this.createPassphrase.fill(passphrase);
    await this.createConfirm.fill(confirm);
  }

  async recoveryKeyText(): Promise<string> {
    return (await this.recoveryGroups.allTextContents()).join('-');
  }

  async unlock(folder: string, passphrase: string): Promise<void> {
    await this.unlockFolder.fill(folder);
    await this.unlockPassphrase.fill(passphrase);
    await this.unlockSubmit.click();
  }
}
