//! What the package promises beyond the numbers: the generated TypeScript unions.

mod generated_types;
