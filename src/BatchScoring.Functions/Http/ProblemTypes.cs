namespace BatchScoring.Functions.Http;

/// <summary>The <c>type</c> URIs of the API's problem documents.</summary>
public static class ProblemTypes
{
    public const string InvalidSpec = "urn:batchscoring:problem:invalid-spec";
    /// <summary>A valid spec with paths outside the app's containers (inputs, models, outputs): refused, nothing started.</summary>
    public const string OutsideContainers = "urn:batchscoring:problem:outside-containers";
    public const string InvalidRequest = "urn:batchscoring:problem:invalid-request";
    public const string BodyTooLarge = "urn:batchscoring:problem:body-too-large";
    public const string UnsupportedMediaType = "urn:batchscoring:problem:unsupported-media-type";
    public const string RunNotFound = "urn:batchscoring:problem:run-not-found";
    public const string SeriesNotFound = "urn:batchscoring:problem:series-not-found";
    public const string RunFinished = "urn:batchscoring:problem:run-finished";
}
