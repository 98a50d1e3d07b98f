using BatchScoring.Core.Spec;

namespace BatchScoring.Functions.Runs;

/// <summary>A named spec as read from the specs container: where, whether it exists, the spec or its problems.</summary>
public sealed record SpecLoad(string Path, bool Found, RunSpec? Spec, IReadOnlyList<SpecError> Errors);
