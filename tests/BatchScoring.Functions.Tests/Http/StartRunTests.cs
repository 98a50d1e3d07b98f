using System.Net;
using System.Text;
using BatchScoring.Core.Spec;
using BatchScoring.Functions.Tests.Fakes;
using BatchScoring.Tests;
using Microsoft.Extensions.Logging;
using static BatchScoring.Functions.Tests.Fakes.FakeHttpResponseData;

namespace BatchScoring.Functions.Tests.Http;

public sealed class StartRunTests : IDisposable
{
    private readonly FunctionsHarness harness = new();

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task RunAsync_ValidSpecInBody_Returns202WithInstanceIdAndStatusUrls()
    {
        var response = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", FunctionsHarness.ValidSpec), harness.Client);

        var body = Json(response);
        var scheduled = Assert.Single(harness.Client.Scheduled);
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("ScoringRun", scheduled.Name);
        Assert.Equal(scheduled.InstanceId, id);
        Assert.StartsWith("churn-20250101T020030Z-", id, StringComparison.Ordinal);
        Assert.Equal($"https://scoring.example.net/api/runs/{id}", body.GetProperty("runUri").GetString());
        Assert.Equal($"https://scoring.example.net/api/runs/{id}/cancel", body.GetProperty("cancelUri").GetString());
        Assert.Equal($"https://scoring.example.net/runtime/webhooks/durabletask/instances/{id}", body.GetProperty("statusQueryGetUri").GetString());
        Assert.StartsWith($"https://scoring.example.net/runtime/webhooks/durabletask/instances/{id}/terminate", body.GetProperty("terminatePostUri").GetString(), StringComparison.Ordinal);
        Assert.Equal($"https://scoring.example.net/api/runs/{id}", Header(response, "Location"));
        Assert.Equal("10", Header(response, "Retry-After"));
        Assert.Equal("churn", harness.SpecOf(scheduled).Name);
        Assert.Equal(Core.Runs.DurableEngine.AzureFunctions, ((Orchestration.Contracts.ScoringRunInput)scheduled.Input!).Engine);
    }

    [Fact]
    public async Task RunAsync_SpecName_StartsTheSpecFromTheSpecsContainer()
    {
        harness.WriteSpec("nightly/churn.json");

        var response = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", """{"specName": "nightly/churn.json"}"""), harness.Client);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("outputs/churn/results.parquet", harness.SpecOf(Assert.Single(harness.Client.Scheduled)).Output.Path);
    }

    [Fact]
    public async Task RunAsync_InvalidSpec_Returns400ProblemListingEveryFieldByJsonPath()
    {
        const string Spec = """
            {
              "name": "bad name!",
              "input": { "location": "", "mode": "tabular" },
              "miniBatch": { "rows": 0 },
              "failures": { "allowedFailedPercent": 150 },
              "output": { "path": "outputs/results.txt" }
            }
            """;
        var expected = RunSpecSerializer.TryParse(Spec).Errors;

        var response = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", Spec), harness.Client);

        var problem = Json(response);
        var paths = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", Header(response, "Content-Type"));
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("urn:batchscoring:problem:invalid-spec", problem.GetProperty("type").GetString());
        Assert.Equal("/api/runs", problem.GetProperty("instance").GetString());
        Assert.True(expected.Count >= 4, $"the spec should be wrong in several places: {string.Join("; ", expected)}");
        Assert.Equal(expected.Select(e => "$." + e.Path), paths);
        Assert.Contains("$.name", paths);
        Assert.Contains("$.failures.allowedFailedPercent", paths);
        Assert.Empty(harness.Client.Scheduled);
    }

    [Fact]
    public async Task RunAsync_UnknownSettingAndMalformedJson_AreProblemsWithTheirPaths()
    {
        var unknown = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", """{"name": "x", "inptu": {}}"""), harness.Client);
        var malformed = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", """{"name": "x", """), harness.Client);
        var empty = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", ""), harness.Client);

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains(Json(unknown).GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "$.inptu" && e.GetProperty("message").GetString()!.StartsWith("unknown setting", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("line", Json(malformed).GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("$", Json(empty).GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task RunAsync_NamedSpecMissingOrInvalid_Returns400()
    {
        harness.WriteSpec("broken.json", """{"name": "broken", "miniBatch": {"files": -1}}""");

        var missing = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", """{"specName": "nope.json"}"""), harness.Client);
        var broken = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", """{"specName": "broken.json"}"""), harness.Client);
        var mixed = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", """{"specName": "../x.json", "name": "y"}"""), harness.Client);

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("$.specName", Json(missing).GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal("specs/broken.json", Json(broken).GetProperty("source").GetString());
        Assert.Contains(Json(broken).GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "$.miniBatch.files");
        Assert.Equal(["$.name", "$.specName"], Json(mixed).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).Order());
        Assert.Empty(harness.Client.Scheduled);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/jsonx")]
    [InlineData(null)]
    public async Task RunAsync_BodyNotDeclaredJson_Returns415(string? contentType)
    {
        var response = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", FunctionsHarness.ValidSpec, contentType), harness.Client);

        var problem = Json(response);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("urn:batchscoring:problem:unsupported-media-type", problem.GetProperty("type").GetString());
        Assert.Contains(contentType ?? "no Content-Type", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(harness.Client.Scheduled);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/vnd.batchscoring.runspec+json")]
    public async Task RunAsync_JsonMediaTypes_AreAccepted(string contentType)
    {
        var response = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", FunctionsHarness.ValidSpec, contentType), harness.Client);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task RunAsync_KeyInTheQuery_IsCarriedIntoRunUriCancelUriAndLocation()
    {
        var response = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs?code=k%2Bey%3D%3D", FunctionsHarness.ValidSpec), harness.Client);

        var body = Json(response);
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"https://scoring.example.net/api/runs/{id}?code=k%2Bey%3D%3D", body.GetProperty("runUri").GetString());
        Assert.Equal($"https://scoring.example.net/api/runs/{id}/cancel?code=k%2Bey%3D%3D", body.GetProperty("cancelUri").GetString());
        Assert.Equal($"https://scoring.example.net/api/runs/{id}?code=k%2Bey%3D%3D", Header(response, "Location"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_ValidSpecChunkedOrNot_IsRead(bool withContentLength)
    {
        var response = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", Encoding.UTF8.GetBytes(FunctionsHarness.ValidSpec), withContentLength), harness.Client);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RunAsync_BodyAboveTheLimit_Returns413(bool withContentLength)
    {
        var body = Encoding.UTF8.GetBytes(FunctionsHarness.ValidSpec.Replace("\"churn\"", "\"churn\"" + new string(' ', 300 * 1024), StringComparison.Ordinal));

        var response = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", body, withContentLength), harness.Client);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json; charset=utf-8", Header(response, "Content-Type"));
        Assert.Contains("262144", Json(response).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(harness.Client.Scheduled);
    }

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    [InlineData("\"location\": \"inputs/churn\"", "\"location\": \"specs/churn\"", "$.input.location", "inputs")]
    [InlineData("specs/models/churn.onnx", "outputs/models/churn.onnx", "$.model.location", "specs")]
    [InlineData("\"output\": {", "\"scorer\": { \"sideInputs\": { \"labels\": \"inputs/labels.json\" } }, \"output\": {", "$.scorer.sideInputs.labels", "specs")]
    [InlineData("outputs/churn/results.parquet", "inputs/scored/results.parquet", "$.output.path", "outputs")]
    public async Task RunAsync_SpecPathOutsideItsContainer_Returns400NamingTheFieldAndTheContainer(string text, string replacement, string field, string container)
    {
        // Arrange
        var spec = FunctionsHarness.ValidSpecWith(text, replacement);

        // Act
        var response = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", spec), harness.Client);

        // Assert
        var problem = Json(response);
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        var log = Assert.Single(harness.StartLog.Entries);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:batchscoring:problem:outside-containers", problem.GetProperty("type").GetString());
        Assert.Equal(field, error.GetProperty("path").GetString());
        Assert.StartsWith($"must be in container '{container}'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("BatchScoring__OutputsContainer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(problem.TryGetProperty("source", out _));
        Assert.Empty(harness.Client.Scheduled);
        Assert.Equal((5002, LogLevel.Warning), (log.EventId, log.Level));
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public async Task RunAsync_NamedSpecOutsideTheContainers_Returns400NamingEveryFieldAndTheSpec()
    {
        // Arrange
        harness.WriteSpec("leaky.json", FunctionsHarness.ValidSpecWith("outputs/churn/results.parquet", "inputs/scored/results.parquet").Replace("specs/models/churn.onnx", "outputs/churn.onnx", StringComparison.Ordinal));

        // Act
        var response = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", """{"specName": "leaky.json"}"""), harness.Client);

        // Assert
        var problem = Json(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:batchscoring:problem:outside-containers", problem.GetProperty("type").GetString());
        Assert.Equal("specs/leaky.json", problem.GetProperty("source").GetString());
        Assert.Equal(["$.model.location", "$.output.path"], problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()));
        Assert.Empty(harness.Client.Scheduled);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public async Task RunAsync_SpecInvalidAndOutsideTheContainers_ListsBothKindsOfProblemAtOnce()
    {
        // Arrange
        var spec = FunctionsHarness.ValidSpecWith("\"rows\": 1000", "\"rows\": 0").Replace("outputs/churn/results.parquet", "inputs/scored/results.parquet", StringComparison.Ordinal);

        // Act
        var response = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", spec), harness.Client);

        // Assert
        var problem = Json(response);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("urn:batchscoring:problem:invalid-spec", problem.GetProperty("type").GetString());
        Assert.Equal(["$.miniBatch.rows", "$.output.path"], problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()));
        Assert.Empty(harness.Client.Scheduled);
    }

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.ContainerConfinement)]
    public async Task RunAsync_ModelsContainerSet_ModelsAreLoadedFromItAlone()
    {
        // Arrange
        harness.Options.ModelsContainer = "models";
        var inModels = FunctionsHarness.ValidSpecWith("specs/models/churn.onnx", "models/churn.onnx");

        // Act
        var inSpecs = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", FunctionsHarness.ValidSpec), harness.Client);
        var accepted = await harness.StartRun().RunAsync(FakeHttpRequestData.Post("/api/runs", inModels), harness.Client);

        // Assert
        Assert.Equal(HttpStatusCode.BadRequest, inSpecs.StatusCode);
        Assert.StartsWith("must be in container 'models'", Json(inSpecs).GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("models/churn.onnx", harness.SpecOf(Assert.Single(harness.Client.Scheduled)).Model.Location);
    }
}
