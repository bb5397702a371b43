/**
 * The organisation module's service: what other modules (verval, musdes, monitoring) may
 * call. The module owns its tables; nothing outside it reads them directly.
 */
export { createAgency, deleteAgency, getAgency, listAgencies, updateAgency } from './agencies.js';
export {
  createAgencyAssignment,
  createAssignment,
  deleteAssignment,
  endAssignment,
  listAgencyAssignments,
  listAssignments,
} from './assignments.js';
export { acceptSplit, proposeSplit } from './assistant.js';
export { coverageReport } from './coverage.js';
export { renderAssignmentPdf, sendAssignmentXlsx } from './exports.js';
export { importAgencies, importOfficials } from './imports.js';
export { createOfficial, deleteOfficial, listOfficials, nipProblem, updateOfficial } from './officials.js';
export { createPeriod, getPeriod, getSettings, listPeriods, periodsOn, updateSettings } from './periods.js';
export {
  createStage,
  currentSchedule,
  currentStages,
  effectiveStages,
  listStages,
  overdueDesa,
  stageArea,
  stageOverdue,
} from './schedule.js';

export type { AssignmentRole, Echelon, StageKind } from './tables.js';
