using BatchScoring.Core.Spec;

namespace BatchScoring.Functions.Http;

/// <summary>One invalid field of a request: where (a JSON path, or a query parameter) and what is wrong.</summary>
public sealed record ProblemField(string Path, string Message)
{
    /// <summary>A spec problem, its path made a JSON path from the document's root (<c>input.location</c> → <c>$.input.location</c>).</summary>
    public static ProblemField From(SpecError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var path = error.Path.StartsWith('$') ? error.Path : error.Path.StartsWith('[') ? "$" + error.Path : "$." + error.Path;
        return new ProblemField(path, error.Message);
    }
}
