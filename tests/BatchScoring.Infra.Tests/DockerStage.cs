namespace BatchScoring.Infra.Tests;

/// <summary>A build stage: its base image, its <c>AS</c> name, and the instructions after its FROM.</summary>
internal sealed record DockerStage(string BaseImage, string? Alias, IReadOnlyList<DockerInstruction> Instructions);
