namespace BatchScoring.Functions.Http;

/// <summary>The <c>type</c> URIs of the API's problem documents.</summary>
public static class ProblemTypes
{
    public const string InvalidSpec = "urn:batchscoring:problem:invalid-spec";
    public const string InvalidRequest = "urn:batchscoring:problem:invalid-request";
    public const string BodyTooLarge = "urn:batchscoring:problem:body-too-large";
    public const string UnsupportedMediaType = "urn:batchscoring:problem:unsupported-media-type";
    public const string RunNotFound = "urn:batchscoring:problem:run-not-found";
    public const string RunFinished = "urn:batchscoring:problem:run-finished";
}
