export { checkMapping, type IconikMetadataSchema } from './check-mapping';
export { computeMetadata, type ComputeInput, type MappedFieldResult, type MetadataComputation, type PackageFacts, type UnmappedFields } from './compute';
export { convertValue, type Conversion, type IconikValue } from './convert';
export type { FieldValues, IconikFieldDefinition, IconikViewDefinition, MetadataValues } from './iconik-types';
export { builtinSources, formFieldTypes, metadataMappingSchema, type BuiltinSource, type FieldMapping, type FormFieldType, type MetadataMapping } from './mapping';
export type { MetadataProblem } from './problems';
