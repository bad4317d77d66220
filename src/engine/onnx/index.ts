export * from './codec';
export * from './tensor';
export * from './graph';
export * from './scopes';
export * from './finite';
export * from './float16';
export { create, int64, AttributeType } from './proto';
export type * from './proto';
