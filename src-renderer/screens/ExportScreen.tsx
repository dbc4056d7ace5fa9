import { CaseExport } from './export/CaseExport.tsx';
import { CasePicker } from './export/CasePicker.tsx';

/** A case's filing package: which case, what goes in, where, and what was written. */
export function ExportScreen({ caseId }: { caseId: string | null }) {
  return caseId ? <CaseExport caseId={caseId} /> : <CasePicker />;
}
