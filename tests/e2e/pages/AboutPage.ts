import type { Locator, Page } from '@playwright/test';

export class AboutPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  value(key: 'app' | 'node' | 'electron' | 'chrome' | 'platform' | 'sqlite' | 'sqlcipher' | 'encryption' | 'exiftool'): Locator {
    return this.page.getByTestId(`diag-${key}`);
  }
}
