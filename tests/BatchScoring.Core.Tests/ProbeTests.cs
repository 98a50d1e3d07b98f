using BatchScoring.Core.Spec;
using Xunit.Abstractions;

namespace BatchScoring.Core.Tests;

public class ProbeTests(ITestOutputHelper output)
{
    [Fact]
    public void Probe()
    {
        string[] jsons =
        [
            """{"input":{"location":"d","colour":"red"}}""",
            """{"input":{"location":"d","mode":"rows"}}""",
            """{"input":{"location":"d"},"miniBatch":{"bytes":"abc"}}""",
            """{"input":{"location":"d"},"miniBatch":{"files":"ten"}}""",
            """{"input":{"location":"d"},"miniBatch":{"files":1.5}}""",
            """{"input":{"location":"d"},"execution":{"maxTries":99999999999}}""",
            """{"name":null,"input":{"location":"d"}}""",
            """{"input":null}""",
            """{"input":{"location":"d"},"model":{"inputs":[null]}}""",
            """{"input":{"location":"d"},"model":{"image":{"mean":[0,"x"]}}}""",
            """{"input":{"location":"d"},"scorer":{"arguments":{"a b":5}}}""",
            """{"input":{"location":"d"},"model":{"image":{"scale":0}}}""",
            """{"input":{"location":"d"},"input2":{}}""",
            """{"input":{"location":"d"}""",
            """[1]""",
            """{"input":{"location":"d"},"execution":{"maxTries":"3"}}""",
            """{"input":{"location":"d","mode":1}}""", """{"input":{"location":"d"},"scorer":{"arguments":{"a":null}}}""", """{"input":{"location":"d"},"model":{"outputs":[null, {"name":"x"}]}}""",
        ];
        foreach (var json in jsons)
        {
            try
            {
                var (_, errors) = RunSpecSerializer.TryParse(json);
                output.WriteLine(json + " => " + string.Join(" | ", errors));
            }
            catch (Exception e)
            {
                output.WriteLine(json + " => THROWS " + e.GetType().Name + ": " + e.Message);
            }
        }
    }
}
public class ProbeSchema(ITestOutputHelper output)
{
    [Fact]
    public void Print() => output.WriteLine(BatchScoring.Core.Spec.RunSpecSchema.Generate());
}
