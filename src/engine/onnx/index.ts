export * from './codec';
export * from './tensor';
export * from './graph';
export * from './float16';
export { create, int64, AttributeType } from './proto';
export type * from './proto';
