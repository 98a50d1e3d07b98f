using Microsoft.DurableTask;

namespace BatchScoring.Functions.Activities;

/// <summary>
/// The <see cref="TaskActivityContext"/> an activity class sees when it runs as a function: its name, and the
/// orchestration's instance id from the activity trigger's binding data (what Durable's source generator does).
/// </summary>
internal sealed class FunctionActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;
}
