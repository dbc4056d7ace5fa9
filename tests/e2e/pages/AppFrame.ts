import type { Locator, Page } from '@playwright/test';

export class AppFramePage {
  readonly nav: Locator;
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
    this.nav = page.getByRole('navigation');
  }
  async open(route = ''): Promise<void> {
    await this.page.goto(route ? `/#/${route}` : '/');
  }
  link(name: string | RegExp): Locator {
    return this.nav.getByRole('link', { name });
  }
  heading(): Locator {
    return this.page.getByRole('heading', { level: 1 });
  }
}
