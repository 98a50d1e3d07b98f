namespace BatchScoring.Infra.Tests;

/// <summary>The azure.yaml reader the deployment tests rely on.</summary>
public class YamlScalarsTests
{
    [Fact]
    public void Parse_NestedMappingsAndBlockScalars_GivesDottedPaths()
    {
        string[] lines =
        [
            "# comment",
            "name: app",
            "services:",
            "  api:",
            "    host: function # trailing comment",
            "    docker:",
            "      path: ./Dockerfile",
            "hooks:",
            "  postdeploy:",
            "    run: |",
            "      echo one",
            "      echo two",
            "  list:",
            "    - item",
        ];

        var values = YamlScalars.Parse(lines);

        Assert.Equal("app", values["name"]);
        Assert.Equal("function", values["services.api.host"]);
        Assert.Equal("./Dockerfile", values["services.api.docker.path"]);
        Assert.Equal("echo one\necho two", values["hooks.postdeploy.run"]);
        Assert.False(values.ContainsKey("hooks.list"));
    }
}
