using BatchScoring.Core.Runs;
using BatchScoring.Core.Spec;
using BatchScoring.Orchestration.Contracts;
using BatchScoring.Orchestration.Orchestrators;

namespace BatchScoring.Functions.Tests.Runs;

/// <summary>What the orchestrator wrappers accept: every input the app itself gives them, and nothing outside its containers.</summary>
public sealed class OrchestrationInputsTests
{
    private static readonly SpecContainers Containers = new(Inputs: "inputs", Outputs: "outputs", Models: "specs");

    private static readonly RunSpec Spec = RunSpecSerializer.Parse(FunctionsHarness.ValidSpec);

    [Fact]
    public void Problems_RunOfASpecInTheContainers_None()
    {
        // Act
        var problems = OrchestrationInputs.Problems(new ScoringRunInput(Spec, DurableEngine.AzureFunctions), Containers, "run");

        // Assert
        Assert.Empty(problems);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Problems_RunContinuedAsNewWithTheStagingFolderItsPlanChose_None(bool reuse)
    {
        // Arrange: the staging folder as PlanMiniBatches names it, with or without execution.reuse.
        var staging = RunLayout.StagingPrefix(Spec.Output.Path, reuse ? "0123456789abcdef" : "0123456789abcdef-churn-20250101T020030Z-1a2b3c4d");
        var state = new RunState(new PlanResult(staging, 500, 10_000, "hash", "fingerprint", null), "start", DateTime.UtcNow, 5000, 5000, 0, 100_000, 0, []);

        // Act
        var problems = OrchestrationInputs.Problems(new ScoringRunInput(Spec, DurableEngine.AzureFunctions, state), Containers, "run");

        // Assert
        Assert.Empty(problems);
    }

    [Fact]
    public void Problems_TemplateRunContinuedAsNew_StagingBesideTheOutputItResolvedAtItsStart()
    {
        // Arrange: output.path with tokens; the run resolved it on the day it started, which is not today.
        var spec = Spec with { Output = Spec.Output with { Path = "outputs/churn/{runDate:yyyy/MM/dd}/{runId}.csv" } };
        var started = new DateTime(2025, 1, 1, 2, 0, 30, DateTimeKind.Utc);
        var staging = RunLayout.StagingPrefix("outputs/churn/2025/01/01/churn-1.csv", "0123456789abcdef");
        RunState State(DateTime startedUtc) => new(new PlanResult(staging, 500, 10_000, "hash", "fingerprint", null), "start", startedUtc, 5000, 5000, 0, 100_000, 0, []);

        // Act
        var accepted = OrchestrationInputs.Problems(new ScoringRunInput(spec, DurableEngine.AzureFunctions, State(started)), Containers, "churn-1");
        var otherDay = OrchestrationInputs.Problems(new ScoringRunInput(spec, DurableEngine.AzureFunctions, State(started.AddDays(1))), Containers, "churn-1");

        // Assert
        Assert.Empty(accepted);
        Assert.Equal($"state.plan.stagingPrefix: must be a staging folder under 'outputs/churn/2025/01/02/_staging/', beside the output, was '{staging}'", Assert.Single(otherDay));
    }

    [Theory]
    [InlineData("outputs/other/_staging/0123456789abcdef")]
    [InlineData("outputs/churn/_staging")]
    [InlineData("inputs/churn/_staging/0123456789abcdef")]
    public void Problems_RunContinuedWithAStagingFolderNotBesideItsOutput_NamesIt(string staging)
    {
        // Arrange
        var state = new RunState(new PlanResult(staging, 1, 1, "", "", null), "start", DateTime.UtcNow, 0, 0, 0, 0, 0, []);

        // Act
        var problem = Assert.Single(OrchestrationInputs.Problems(new ScoringRunInput(Spec, DurableEngine.AzureFunctions, state), Containers, "run"));

        // Assert
        Assert.Equal($"state.plan.stagingPrefix: must be a staging folder under 'outputs/churn/_staging/', beside the output, was '{staging}'", problem);
    }

    [Fact]
    public void Problems_ShardOfARunStagedBesideItsOutput_None()
    {
        // Arrange
        var shard = new ShardInput(new RunRef("churn-1", RunLayout.StagingPrefix(Spec.Output.Path, "0123456789abcdef"), "start"), new ExecutionSpec(), 0, 100, 4, -1, -1);

        // Act
        var problems = OrchestrationInputs.Problems(shard, Containers);

        // Assert
        Assert.Empty(problems);
    }

    [Fact]
    public void Problems_NoInput_Refused()
    {
        // Act
        var run = OrchestrationInputs.Problems((ScoringRunInput?)null, Containers, "run");
        var shard = OrchestrationInputs.Problems((ShardInput?)null, Containers);

        // Assert
        Assert.Equal(["the input has no run spec"], run);
        Assert.Equal(["the input names no run"], shard);
    }
}
