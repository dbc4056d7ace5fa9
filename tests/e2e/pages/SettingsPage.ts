import type { Locator, Page } from '@playwright/test';

export class SettingsPage {
  readonly language: Locator;
  readonly operator: Locator;
  readonly idleMinutes: Locator;
  readonly save: Locator;
  readonly saved: Locator;
  readonly currentPassphrase: Locator;
  readonly newPassphrase: Locator;
  readonly confirmPassphrase: Locator;
  readonly changePassphrase: Locator;
  readonly passphraseChanged: Locator;
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
    this.language = page.locator('#language');
    this.operator = page.locator('#settings-operator');
    this.idleMinutes = page.locator('#settings-idle');
    const vaultForm = page.locator('form[aria-labelledby="vault-settings-title"]');
    this.save = vaultForm.locator('button[type="submit"]');
    this.saved = vaultForm.locator('.save-status');
    this.currentPassphrase = page.locator('#passphrase-current');
    this.newPassphrase = page.locator('#passphrase-next');
    this.confirmPassphrase = page.locator('#passphrase-confirm');
    const passForm = page.locator('form[aria-labelledby="passphrase-title"]');
    this.changePassphrase = passForm.locator('button[type="submit"]');
    this.passphraseChanged = passForm.locator('.save-status');
  }
}
