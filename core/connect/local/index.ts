export { classifyFsError } from './fs-errors';
export { normalizeLocalPath } from './local-path';
export {
  type LocationCheck,
  type LocationCheckError,
  type LocationOp,
  type LocationTestReport,
} from './location-report';
export { testLocalLocation } from './test-location';
