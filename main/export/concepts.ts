// The concept ids `export --lens` takes, for the CLI's parser: only the list,
// not the lenses (which the export loads when it draws one).

export { CONCEPT_IDS, isConceptId, type ConceptId } from '../../renderer/teach/concepts.ts';
