import type { Locator, Page } from '@playwright/test';
import { CaseFormPart } from './CasesPage.ts';

/** One case: header, tabs, and each tab's controls. */
export class CasePage {
  readonly page: Page;
  readonly number: Locator;
  readonly title: Locator;
  readonly tabs: Locator;
  readonly panel: Locator;
  // Overview
  readonly edit: Locator;
  readonly editForm: CaseFormPart;
  // Exhibits
  readonly addItems: Locator;
  readonly exhibitRows: Locator;
  readonly exhibitLabels: Locator;
  readonly exhibitsNotice: Locator;
  readonly editDialog: Locator;
  readonly editLabel: Locator;
  readonly editLabelError: Locator;
  readonly unlinkDialog: Locator;
  readonly picker: Locator;
  // People
  readonly addPerson: Locator;
  readonly pseudonym: Locator;
  readonly role: Locator;
  readonly realName: Locator;
  readonly contacts: Locator;
  readonly savePerson: Locator;
  readonly persons: Locator;
  readonly revealDialog: Locator;
  readonly revealReason: Locator;
  readonly identityPanels: Locator;
  // Incidents
  readonly addIncident: Locator;
  readonly incidentDate: Locator;
  readonly incidentDateError: Locator;
  readonly incidentPlace: Locator;
  readonly incidentDescription: Locator;
  readonly saveIncident: Locator;
  readonly incidents: Locator;
  // Timeline
  readonly timelineEntries: Locator;

  constructor(page: Page) {
    this.page = page;
    this.number = page.getByTestId('case-number');
    this.title = page.getByTestId('case-title');
    this.tabs = page.getByRole('tablist');
    this.panel = page.getByRole('tabpanel');
    this.edit = page.locator('#case-edit');
    this.editForm = new CaseFormPart(page, 'edit-case');
    this.addItems = page.locator('#exhibits-add');
    this.exhibitRows = page.getByTestId('exhibit-row');
    this.exhibitLabels = page.getByTestId('exhibit-label');
    this.exhibitsNotice = page.getByTestId('exhibits-notice');
    this.editDialog = page.getByTestId('exhibit-edit');
    this.editLabel = page.locator('#exhibit-edit-label');
    this.editLabelError = page.locator('#exhibit-edit-label-error');
    this.unlinkDialog = page.getByTestId('exhibit-unlink');
    this.picker = page.getByTestId('item-picker');
    this.addPerson = page.locator('#people-add');
    this.pseudonym = page.locator('#person-pseudonym');
    this.role = page.locator('#person-role');
    this.realName = page.locator('#person-real-name');
    this.contacts = page.locator('#person-contacts');
    this.savePerson = page.getByTestId('person-form').locator('button[type="submit"]');
    this.persons = page.getByTestId('person');
    this.revealDialog = page.getByTestId('reveal-dialog');
    this.revealReason = page.locator('#reveal-reason');
    this.identityPanels = page.getByTestId('identity-panel');
    this.addIncident = page.locator('#incidents-add');
    this.incidentDate = page.locator('#incident-date');
    this.incidentDateError = page.locator('#incident-date-error');
    this.incidentPlace = page.locator('#incident-place');
    this.incidentDescription = page.locator('#incident-description');
    this.saveIncident = page.getByTestId('incident-form').locator('button[type="submit"]');
    this.incidents = page.getByTestId('incident');
    this.timelineEntries = page.getByTestId('timeline-entry');
  }

  async open(caseId: string, tab = 'overview'): Promise<void> {
    await this.page.goto(`/#/cases/${caseId}/${tab}`);
  }

  tab(name: string | RegExp): Locator {
    return this.tabs.getByRole('tab', { name });
  }

  /** The exhibit row showing this label. */
  exhibit(label: string): Locator {
    return this.exhibitRows.filter({ has: this.page.getByTestId('exhibit-label').getByText(label, { exact: true }) });
  }

  /** The full SHA-256 of an exhibit's original (the row shows it shortened). */
  async originalSha256(label: string): Promise<string | null> {
    return this.exhibit(label).getByTestId('exhibit-sha256').getAttribute('data-hash');
  }

  async shareableSha256(label: string): Promise<string | null> {
    return this.exhibit(label).getByTestId('exhibit-shareable-sha256').getAttribute('data-hash');
  }

  person(pseudonym: string): Locator {
    return this.persons.filter({ has: this.page.getByTestId('person-pseudonym').getByText(pseudonym, { exact: true }) });
  }
}
