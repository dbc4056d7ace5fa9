import type { Locator, Page } from '@playwright/test';

export class SettingsPage {
  readonly language: Locator;
  constructor(readonly page: Page) {
    this.language = page.locator('#language');
  }
}
