"""Coverage-guided fuzzing of the readers and of the check (atheris); see fuzz/README.md."""
