import type { Locator, Page } from '@playwright/test';

export class SettingsPage {
  readonly language: Locator;
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
    this.language = page.locator('#language');
  }
}
