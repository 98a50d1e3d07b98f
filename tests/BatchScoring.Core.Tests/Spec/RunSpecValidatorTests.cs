using System.Text.Json.Nodes;

using BatchScoring.Core.Spec;
using BatchScoring.Tests;

namespace BatchScoring.Core.Tests.Spec;

/// <summary>
/// Every setting that can be wrong, parsed from JSON as a user writes it, with the exact message reported.
/// Most cases patch a valid spec (JSON Merge Patch: <c>null</c> removes a setting) written with single quotes
/// for readability; JSON-level errors use the whole document, as their line and position depend on it.
/// </summary>
public class RunSpecValidatorTests
{
    private const string ValidFileSpec = """
        {
          "name": "t",
          "input": { "location": "data", "glob": "**" },
          "model": { "location": "models/m.onnx" }
        }
        """;

    [Fact]
    public void TryParse_ValidFileSpec_ReportsNothing()
    {
        // Act
        var errors = Errors("{}");

        // Assert
        Assert.Empty(errors);
    }

    [Fact]
    public void TryParse_ValidTabularSpec_ReportsNothing()
    {
        // Act
        var errors = Errors("{'input':{'mode':'tabular','passThroughColumns':['id']},'miniBatch':{'rows':100},'model':{'inputs':[{'name':'x','columns':['f_*']}]}}");

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("{'name':'my run'}", "name: must be 1-64 letters, digits, '-', '_' or '.', was 'my run'")]
    [InlineData("{'name':''}", "name: must be 1-64 letters, digits, '-', '_' or '.', was ''")]
    [InlineData("{'name':'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'}", "name: must be 1-64 letters, digits, '-', '_' or '.', was 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'")]
    public void TryParse_BadName_ReportsName(string patch, string expected) => AssertErrors(patch, expected);

    [Theory]
    [InlineData("{'input':{'location':null}}", "input.location: is required")]
    [InlineData("{'input':{'location':''}}", "input.location: is required")]
    [InlineData("{'input':{'location':'data/../secret'}}", "input.location: must not contain '.' or '..' segments, was 'data/../secret'")]
    [InlineData("{'input':{'location':'..'}}", "input.location: must not contain '.' or '..' segments, was '..'")]
    [InlineData("{'input':{'location':'/data/in'}}", "input.location: must be a path relative to the store root with '/' separators, was '/data/in'")]
    [InlineData("{'input':{'location':'data\\\\in'}}", "input.location: must be a path relative to the store root with '/' separators, was 'data\\in'")]
    [InlineData("{'input':{'location':'./data'}}", "input.location: must not contain '.' or '..' segments, was './data'")]
    [InlineData("{'input':{'glob':''}}", "input.glob: must not be empty; use '**' for every file")]
    [InlineData("{'input':{'format':'csv'}}", "input.format: only valid in tabular mode (input.mode is file), was 'csv'")]
    [InlineData("{'input':{'passThroughColumns':['id']}}", "input.passThroughColumns: only valid in tabular mode (input.mode is file); file mode rows carry the file name")]
    [InlineData("{'input':{'mode':'tabular','passThroughColumns':['id','key','id']}}", "input.passThroughColumns[2]: is listed twice, was 'id'")]
    [InlineData("{'input':{'mode':'tabular','passThroughColumns':['id',' ']}}", "input.passThroughColumns[1]: must not be empty")]
    [InlineData("{'input':{'partitionKeys':['region','']}}", "input.partitionKeys[1]: must not be empty")]
    [InlineData("{'input':{'partitionKeys':['region','region']}}", "input.partitionKeys[1]: is listed twice, was 'region'")]
    public void TryParse_BadInput_ReportsInputPath(string patch, string expected) => AssertErrors(patch, expected);

    [Theory]
    [InlineData("{'input':{'mode':'tabular'},'miniBatch':{'rows':100,'bytes':'1MB'}}", "miniBatch: set one of files, rows or bytes, was rows and bytes")]
    [InlineData("{'miniBatch':{'files':5,'rows':100}}", "miniBatch: set one of files, rows or bytes, was files and rows", "miniBatch.rows: only valid in tabular mode (input.mode is file); use miniBatch.files")]
    [InlineData("{'input':{'mode':'tabular'},'miniBatch':{'files':5}}", "miniBatch.files: only valid in file mode (input.mode is tabular); use miniBatch.rows or miniBatch.bytes")]
    [InlineData("{'miniBatch':{'rows':100}}", "miniBatch.rows: only valid in tabular mode (input.mode is file); use miniBatch.files")]
    [InlineData("{'miniBatch':{'bytes':'1MB'}}", "miniBatch.bytes: only valid in tabular mode (input.mode is file); use miniBatch.files")]
    [InlineData("{'miniBatch':{'files':0}}", "miniBatch.files: must be between 1 and 1000000, was 0")]
    [InlineData("{'miniBatch':{'files':1000001}}", "miniBatch.files: must be between 1 and 1000000, was 1000001")]
    [InlineData("{'input':{'mode':'tabular'},'miniBatch':{'rows':0}}", "miniBatch.rows: must be between 1 and 1000000000, was 0")]
    [InlineData("{'input':{'mode':'tabular'},'miniBatch':{'bytes':0}}", "miniBatch.bytes: must be at least 1, was 0")]
    [InlineData("{'input':{'mode':'tabular'},'miniBatch':{'bytes':'0 KB'}}", "miniBatch.bytes: must be at least 1, was 0")]
    public void TryParse_BadMiniBatch_ReportsMiniBatchPath(string patch, params string[] expected) => AssertErrors(patch, expected);

    [Fact]
    public void TryParse_RowsAndBytesInFileMode_ReportsBoth()
    {
        // Act
        var errors = Errors("{'miniBatch':{'rows':100,'bytes':2048}}");

        // Assert
        Assert.Equal(
            [
                "miniBatch: set one of files, rows or bytes, was rows and bytes",
                "miniBatch.rows: only valid in tabular mode (input.mode is file); use miniBatch.files",
                "miniBatch.bytes: only valid in tabular mode (input.mode is file); use miniBatch.files",
            ],
            errors);
    }

    [Theory]
    [InlineData("1MB", 1048576L)]
    [InlineData("1 mb", 1048576L)]
    [InlineData("512KB", 524288L)]
    [InlineData("1.5KB", 1536L)]
    [InlineData("2GB", 2147483648L)]
    [InlineData("100", 100L)]
    [InlineData("100B", 100L)]
    public void TryParse_BytesWithUnit_ParsesToBytes(string text, long bytes)
    {
        // Arrange
        var json = Patch($"{{'input':{{'mode':'tabular'}},'miniBatch':{{'bytes':'{text}'}}}}");

        // Act
        var (spec, errors) = RunSpecSerializer.TryParse(json);

        // Assert
        Assert.Empty(errors);
        Assert.Equal(new ByteSize(bytes), spec!.MiniBatch.Bytes);
    }

    [Fact]
    public void TryParse_BytesAsNumber_ParsesToBytes()
    {
        // Act
        var (spec, errors) = RunSpecSerializer.TryParse(Patch("{'input':{'mode':'tabular'},'miniBatch':{'bytes':4096}}"));

        // Assert
        Assert.Empty(errors);
        Assert.Equal(4096, spec!.MiniBatch.Bytes!.Value.Value);
    }

    [Theory]
    [InlineData("{'model':{'location':''}}", "model.location: is required")]
    [InlineData("{'model':{'location':null}}", "model.location: is required")]
    [InlineData("{'model':{'location':'models/m.pt'}}", "model.location: must be an .onnx file, was 'models/m.pt'")]
    [InlineData("{'model':{'location':'../m.onnx'}}", "model.location: must not contain '.' or '..' segments, was '../m.onnx'")]
    [InlineData("{'model':{'inferenceBatchSize':0}}", "model.inferenceBatchSize: must be between 1 and 1000000, was 0")]
    [InlineData("{'model':{'intraOpThreads':-1}}", "model.intraOpThreads: must be between 0 and 1024, was -1")]
    [InlineData("{'model':{'interOpThreads':1025}}", "model.interOpThreads: must be between 0 and 1024, was 1025")]
    [InlineData("{'model':{'deviceId':-1}}", "model.deviceId: must be between 0 and 64, was -1")]
    [InlineData("{'model':{'inputs':[{'name':'x','columns':['a']}]}}", "model.inputs: only valid in tabular mode; the image scorer feeds the model's only input from model.image")]
    public void TryParse_BadModel_ReportsModelPath(string patch, string expected) => AssertErrors(patch, expected);

    [Theory]
    [InlineData("{'model':{'inputs':[{'columns':['a']}]}}", "model.inputs[0].name: is required")]
    [InlineData("{'model':{'inputs':[{'name':' ','columns':['a']}]}}", "model.inputs[0].name: is required")]
    [InlineData("{'model':{'inputs':[{'name':'x','columns':['a']},{'name':'x','columns':['b']}]}}", "model.inputs[1].name: is mapped twice, was 'x'")]
    [InlineData("{'model':{'inputs':[{'name':'x'}]}}", "model.inputs[0].columns: must name at least one column or glob")]
    [InlineData("{'model':{'inputs':[{'name':'x','columns':['a','a']}]}}", "model.inputs[0].columns[1]: is listed twice, was 'a'")]
    [InlineData("{'model':{'inputs':[null]}}", "model.inputs[0]: must not be null")]
    public void TryParse_BadModelInput_ReportsInputIndex(string patch, string expected) =>
        AssertErrors(Merge("{'input':{'mode':'tabular'}}", patch), expected);

    [Theory]
    [InlineData("{'model':{'outputs':[{'name':'y'},{'name':'y'}]}}", "model.outputs[1].name: is mapped twice, was 'y'")]
    [InlineData("{'model':{'outputs':[{'kind':'label'}]}}", "model.outputs[0].name: is required")]
    [InlineData("{'model':{'outputs':[{'name':'y','column':''}]}}", "model.outputs[0].column: must not be empty when given")]
    [InlineData("{'model':{'outputs':[{'name':'y','classLabels':['a','b']}]}}", "model.outputs[0].classLabels: only valid for kind label or probabilities")]
    [InlineData("{'model':{'outputs':[{'name':'y','kind':'probabilities','classLabels':['a','a']}]}}", "model.outputs[0].classLabels[1]: is listed twice, was 'a'")]
    [InlineData("{'model':{'outputs':[null]}}", "model.outputs[0]: must not be null")]
    public void TryParse_BadModelOutput_ReportsOutputIndex(string patch, string expected) => AssertErrors(patch, expected);

    [Theory]
    [InlineData("{'model':{'image':{'mean':[0.5,0.5]}}}", "model.image.mean: must hold 1 or 3 values for channels 'rgb', was 2")]
    [InlineData("{'model':{'image':{'mean':[]}}}", "model.image.mean: must hold 1 or 3 values for channels 'rgb', was 0")]
    [InlineData("{'model':{'image':{'channels':'gray','std':[1,1,1]}}}", "model.image.std: must hold 1 value for channels 'gray', was 3")]
    [InlineData("{'model':{'image':{'std':[0]}}}", "model.image.std[0]: must be a positive number, was 0")]
    [InlineData("{'model':{'image':{'std':[0.2,-1,0.2]}}}", "model.image.std[1]: must be a positive number, was -1")]
    [InlineData("{'model':{'image':{'width':0}}}", "model.image.width: must be between 1 and 16384, was 0")]
    [InlineData("{'model':{'image':{'height':16385}}}", "model.image.height: must be between 1 and 16384, was 16385")]
    [InlineData("{'model':{'image':{'scale':0}}}", "model.image.scale: must be a positive number, was 0")]
    public void TryParse_BadImage_ReportsImagePath(string patch, string expected) => AssertErrors(patch, expected);

    [Fact]
    public void TryParse_ImageInTabularMode_ReportsImage()
    {
        // Act
        var errors = Errors("{'input':{'mode':'tabular'},'model':{'image':{}}}");

        // Assert
        Assert.Equal(["model.image: only valid in file mode (input.mode is tabular)"], errors);
    }

    [Theory]
    [InlineData("{'scorer':{'type':'onnx-text'},'model':{'text':{'vocabulary':'models/vocab.txt'}}}")]
    [InlineData("{'input':{'mode':'tabular','passThroughColumns':['id']},'scorer':{'type':'onnx-text'},'model':{'text':{'column':'text','vocabulary':'models/vocab.txt','tokenTypeIds':'segments','elementType':'int32','pooling':'cls','normalize':false,'layout':'columns','onOverflow':'error','maxSequenceLength':128}}}")]
    public void TryParse_ValidTextSpec_ReportsNothing(string patch) => AssertErrors(patch);

    [Theory]
    [InlineData("{'scorer':{'type':'onnx-text'}}", "model.text: is required by scorer.type onnx-text (at least its vocabulary, and its column in tabular mode)")]
    [InlineData("{'model':{'text':{'vocabulary':'v.txt'}}}", "model.text: only valid with scorer.type onnx-text, was 'onnx-image'")]
    [InlineData("{'scorer':{'type':'onnx-text'},'model':{'text':{}}}", "model.text.vocabulary: is required")]
    [InlineData("{'scorer':{'type':'onnx-text'},'model':{'text':{'vocabulary':'../v.txt'}}}", "model.text.vocabulary: must not contain '.' or '..' segments, was '../v.txt'")]
    [InlineData("{'scorer':{'type':'onnx-text'},'model':{'text':{'vocabulary':'v.txt','column':'text'}}}", "model.text.column: only valid in tabular mode (input.mode is file: each file is one text), was 'text'")]
    [InlineData("{'input':{'mode':'tabular'},'scorer':{'type':'onnx-text'},'model':{'text':{'vocabulary':'v.txt'}}}", "model.text.column: is required in tabular mode: the column holding the text")]
    [InlineData("{'input':{'mode':'tabular','passThroughColumns':['text']},'scorer':{'type':'onnx-text'},'model':{'text':{'vocabulary':'v.txt','column':'text'}}}", "model.text.column: is also a pass-through column; pass-through columns are copied, not scored, was 'text'")]
    [InlineData("{'scorer':{'type':'onnx-text'},'model':{'text':{'vocabulary':'v.txt','inputIds':''}}}", "model.text.inputIds: must name a model input")]
    [InlineData("{'scorer':{'type':'onnx-text'},'model':{'text':{'vocabulary':'v.txt','tokenTypeIds':'input_ids'}}}", "model.text.tokenTypeIds: names the same model input as another token input, was 'input_ids'")]
    [InlineData("{'scorer':{'type':'onnx-text'},'model':{'text':{'vocabulary':'v.txt','output':' '}}}", "model.text.output: must not be empty when given; omit it for the model's first output")]
    [InlineData("{'scorer':{'type':'onnx-text'},'model':{'text':{'vocabulary':'v.txt','embeddingColumn':''}}}", "model.text.embeddingColumn: must not be empty")]
    [InlineData("{'scorer':{'type':'onnx-text'},'model':{'text':{'vocabulary':'v.txt','maxSequenceLength':2}}}", "model.text.maxSequenceLength: must be between 3 and 65536, was 2")]
    [InlineData("{'scorer':{'type':'onnx-text'},'model':{'text':{'vocabulary':'v.txt','maxBatchTokens':0}}}", "model.text.maxBatchTokens: must be between 1 and 16777216, was 0")]
    [InlineData("{'scorer':{'type':'onnx-text'},'model':{'text':{'vocabulary':'v.txt'},'outputs':[{'name':'y'}]}}", "model.outputs: not used by scorer.type onnx-text; name the output in model.text.output")]
    [InlineData("{'scorer':{'type':'onnx-text'},'model':{'location':'m.pt','text':{'vocabulary':'v.txt'}}}", "model.location: must be an .onnx file, was 'm.pt'")]
    public void TryParse_BadText_ReportsTextPath(string patch, string expected) => AssertErrors(patch, expected);

    [Fact]
    public void TryParse_TextInputsInTabularMode_ReportsModelInputs()
    {
        // Act
        var errors = Errors("{'input':{'mode':'tabular'},'scorer':{'type':'onnx-text'},'model':{'inputs':[{'name':'x','columns':['a']}],'text':{'column':'t','vocabulary':'v.txt'}}}");

        // Assert
        Assert.Equal(["model.inputs: not used by scorer.type onnx-text, which feeds the model's token inputs named in model.text"], errors);
    }

    [Theory]
    [InlineData("{'scorer':{'type':''}}", "scorer.type: must not be empty when given; omit it for the built-in ONNX scorer")]
    [InlineData("{'input':{'mode':'tabular'},'scorer':{'type':'onnx-image'}}", "scorer.type: onnx-image needs input.mode file, was 'tabular'")]
    [InlineData("{'scorer':{'type':'onnx-tabular'}}", "scorer.type: onnx-tabular needs input.mode tabular, was 'file'")]
    [InlineData("{'scorer':{'type':'my scorer!'}}", "scorer.type: must be onnx-tabular, onnx-image, onnx-text, noop or a .NET type name such as 'MyCompany.Scoring.MyScorer, MyCompany.Scoring', was 'my scorer!'")]
    [InlineData("{'scorer':{'type':'Onnx-Image'}}", "scorer.type: must be onnx-tabular, onnx-image, onnx-text, noop or a .NET type name such as 'MyCompany.Scoring.MyScorer, MyCompany.Scoring', was 'Onnx-Image'")]
    [InlineData("{'scorer':{'sideInputs':{'labels':'../labels.txt'}}}", "scorer.sideInputs.labels: must not contain '.' or '..' segments, was '../labels.txt'")]
    [InlineData("{'scorer':{'sideInputs':{'labels':''}}}", "scorer.sideInputs.labels: is required")]
    [InlineData("{'scorer':{'arguments':{'threshold':null}}}", "scorer.arguments.threshold: must not be null; use \"\" for an empty value")]
    public void TryParse_BadScorer_ReportsScorerPath(string patch, string expected) => AssertErrors(patch, expected);

    [Theory]
    [InlineData("MyCompany.Scoring.MyScorer")]
    [InlineData("MyCompany.Scoring.MyScorer, MyCompany.Scoring")]
    [InlineData("MyCompany.Scoring.MyScorer, MyCompany.Scoring, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null")]
    public void TryParse_CustomScorerWithoutModel_ReportsNothing(string type)
    {
        // Act
        var errors = Errors($"{{'scorer':{{'type':'{type}'}},'model':{{'location':null}}}}");

        // Assert
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("{'failures':{'errorThreshold':-2}}", "failures.errorThreshold: must be at least -1, was -2")]
    [InlineData("{'failures':{'allowedFailedCount':-2}}", "failures.allowedFailedCount: must be at least -1, was -2")]
    [InlineData("{'failures':{'allowedFailedPercent':140}}", "failures.allowedFailedPercent: must be between 0 and 100, was 140")]
    [InlineData("{'failures':{'allowedFailedPercent':-1}}", "failures.allowedFailedPercent: must be between 0 and 100, was -1")]
    [InlineData("{'failures':{'allowedFailedPercent':100.5}}", "failures.allowedFailedPercent: must be between 0 and 100, was 100.5")]
    public void TryParse_BadFailureBudget_ReportsFailuresPath(string patch, string expected) => AssertErrors(patch, expected);

    [Theory]
    [InlineData("{'failures':{'errorThreshold':-1,'allowedFailedCount':-1,'allowedFailedPercent':100}}")]
    [InlineData("{'failures':{'errorThreshold':0,'allowedFailedCount':0,'allowedFailedPercent':0}}")]
    [InlineData("{'failures':{'errorThreshold':9223372036854775807,'allowedFailedPercent':12.5}}")]
    public void TryParse_FailureBudgetAtBounds_ReportsNothing(string patch) => AssertErrors(patch);

    [Theory]
    [InlineData("{'execution':{'maxTries':0}}", "execution.maxTries: must be between 1 and 100, was 0")]
    [InlineData("{'execution':{'miniBatchTimeout':0}}", "execution.miniBatchTimeout: must be between 1 and 86400, was 0")]
    [InlineData("{'execution':{'maxParallelMiniBatches':0}}", "execution.maxParallelMiniBatches: must be between 1 and 100000, was 0")]
    public void TryParse_BadExecution_ReportsExecutionPath(string patch, string expected) => AssertErrors(patch, expected);

    [Theory]
    [InlineData("{'output':{'path':''}}", "output.path: is required")]
    [InlineData("{'output':{'path':'out/results.txt'}}", "output.path: extension must be .csv, .jsonl or .parquet, was '.txt'")]
    [InlineData("{'output':{'path':'out/results'}}", "output.path: extension must be .csv, .jsonl or .parquet, was ''")]
    [InlineData("{'output':{'path':'../results.csv'}}", "output.path: must not contain '.' or '..' segments, was '../results.csv'")]
    [InlineData("{'output':{'path':'data/out.csv'}}", "output.path: lies among the inputs (input.location 'data' with glob '**'): it would overwrite an input, and a later run would score it, was 'data/out.csv'")]
    [InlineData("{'input':{'location':'data/','glob':'**/*.csv'},'output':{'path':'data/results/out.csv'}}", "output.path: lies among the inputs (input.location 'data/' with glob '**/*.csv'): it would overwrite an input, and a later run would score it, was 'data/results/out.csv'")]
    public void TryParse_BadOutput_ReportsOutputPath(string patch, string expected) => AssertErrors(patch, expected);

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.DataSafety)]
    [InlineData("{'input':{'location':'base','glob':'*.csv'},'output':{'path':'base//digits.csv'}}", "output.path: lies among the inputs (input.location 'base' with glob '*.csv'): it would overwrite an input, and a later run would score it, was 'base//digits.csv'")]
    [InlineData("{'input':{'location':'base//','glob':'*.csv'},'output':{'path':'base/digits.csv/'}}", "output.path: lies among the inputs (input.location 'base//' with glob '*.csv'): it would overwrite an input, and a later run would score it, was 'base/digits.csv/'")]
    [InlineData("{'input':{'location':'base/digits.csv','glob':'*.csv'},'output':{'path':'base//digits.csv'}}", "output.path: is the input itself (input.location 'base/digits.csv'): the results would overwrite it, was 'base//digits.csv'")]
    [InlineData("{'input':{'location':'base//digits.csv','glob':'*.png'},'output':{'path':'base/digits.csv'}}", "output.path: is the input itself (input.location 'base//digits.csv'): the results would overwrite it, was 'base/digits.csv'")]
    [InlineData("{'output':{'path':'models//m.onnx.csv'},'model':{'location':'models/m.onnx.csv'},'scorer':{'type':'My.Scorer, My'}}", "output.path: is the model (model.location): the results would overwrite it, was 'models//m.onnx.csv'")]
    [InlineData("{'output':{'path':'out/x.csv'},'scorer':{'sideInputs':{'labels':'out//x.csv'}}}", "output.path: is the side input scorer.sideInputs.labels: the results would overwrite it, was 'out/x.csv'")]
    public void TryParse_OutputThatIsAnInputInAnotherSpelling_IsRefused(string patch, string expected) => AssertErrors(patch, expected);

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.DataSafety)]
    [InlineData("{'output':{'path':'out/results.csv.errors.jsonl'}}", "output.path: names ending in '.errors.jsonl' are reserved for the error records beside an output, was 'out/results.csv.errors.jsonl'")]
    [InlineData("{'output':{'path':'out/_staging/results.csv'}}", "output.path: '_staging' folders are reserved for the runs' staged parts, was 'out/_staging/results.csv'")]
    public void TryParse_OutputWithAReservedName_IsRefused(string patch, string expected) => AssertErrors(patch, expected);

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.IncrementalRuns)]
    [InlineData("{'output':{'path':'out/{runDate:yyyy/MM/dd}/{runId}.parquet'}}")]
    [InlineData("{'output':{'path':'out/{runDate}-r.csv'}}")]
    [InlineData("{'execution':{'incremental':true,'series':'nightly.v2','onModelChange':'newOnly'},'output':{'path':'out/{runId}.csv'}}")]
    public void TryParse_OutputTemplate_ReportsNothing(string patch) => AssertErrors(patch);

    [Theory]
    [Trait(Behaviours.Trait, Behaviours.IncrementalRuns)]
    [InlineData("{'execution':{'incremental':true},'output':{'path':'out/results.csv'}}", "output.path: an incremental run (execution.incremental) writes only what is new, so each run needs its own file: put {runId} in the path, e.g. 'out/{runDate:yyyy/MM/dd}/{runId}.parquet', was 'out/results.csv'")]
    [InlineData("{'execution':{'series':'my series'}}", "execution.series: must be 1-64 letters, digits, '-', '_' or '.' (it names the series' ledger folder), was 'my series'")]
    [InlineData("{'execution':{'series':'..'}}", "execution.series: must be 1-64 letters, digits, '-', '_' or '.' (it names the series' ledger folder), was '..'")]
    [InlineData("{'output':{'path':'out/{date}.csv'}}", "output.path: '{date}' is not a token; the tokens are {runDate}, {runDate:FORMAT} and {runId}, was 'out/{date}.csv'")]
    [InlineData("{'output':{'path':'out/{runId}.txt'}}", "output.path: extension must be .csv, .jsonl or .parquet, was '.txt'")]
    [InlineData("{'output':{'path':'out/_ledger/{runId}.csv'}}", "output.path: '_ledger' folders are reserved for the ledgers of incremental runs, was 'out/_ledger/{runId}.csv'")]
    [InlineData("{'output':{'path':'data/{runId}.csv'}}", "output.path: lies among the inputs (input.location 'data' with glob '**'): it would overwrite an input, and a later run would score it, was 'data/{runId}.csv'")]
    public void TryParse_BadIncrementalOrTemplate_IsRefused(string patch, string expected) => AssertErrors(patch, expected);

    [Fact]
    [Trait(Behaviours.Trait, Behaviours.DataSafety)]
    public void TryParse_PathsInAnySpelling_AreReturnedCanonical()
    {
        var (spec, errors) = RunSpecSerializer.TryParse("{\"input\":{\"location\":\"data//in/\"},\"model\":{\"location\":\"m//x.onnx\"},\"scorer\":{\"sideInputs\":{\"a\":\"s//a.txt\"}},\"output\":{\"path\":\"out//r.csv\"}}");

        Assert.Empty(errors);
        Assert.Equal(("data/in", "m/x.onnx", "s/a.txt", "out/r.csv"), (spec!.Input.Location, spec.Model.Location, spec.Scorer.SideInputs["a"], spec.Output.Path));
    }

    [Theory]
    [InlineData("{'input':{'glob':'*.png'},'output':{'path':'data/out.csv'}}")]
    [InlineData("{'output':{'path':'data-out/out.csv'}}")]
    [InlineData("{'output':{'path':'out/results.jsonl'}}")]
    [InlineData("{'output':{'path':'out/results.parquet'}}")]
    public void TryParse_OutputOutsideInputs_ReportsNothing(string patch) => AssertErrors(patch);

    [Theory]
    [InlineData("""{"input":{"location":"data","colour":"red"}}""", "input.colour: unknown setting (line 1, position 38)")]
    [InlineData("""{"inputs":{"location":"data"}}""", "inputs: unknown setting (line 1, position 11)")]
    [InlineData("""{"input":{"location":"data","mode":"rows"}}""", "input.mode: must be 'file' or 'tabular', was 'rows' (line 1, position 42)")]
    [InlineData("""{"input":{"location":"data","mode":1}}""", "input.mode: must be 'file' or 'tabular', was 1 (line 1, position 37)")]
    [InlineData("""{"input":{"location":"data","mode":"tabular","format":"xlsx"}}""", "input.format: must be 'csv', 'jsonl' or 'parquet', was 'xlsx' (line 1, position 61)")]
    [InlineData("""{"input":{"location":"data","mode":"tabular"},"miniBatch":{"bytes":"abc"}}""", "miniBatch.bytes: must be a number of bytes or a string such as '1MB' or '512KB', was 'abc' (line 1, position 73)")]
    [InlineData("""{"input":{"location":"data","mode":"tabular"},"miniBatch":{"bytes":"-1MB"}}""", "miniBatch.bytes: must be a number of bytes or a string such as '1MB' or '512KB', was '-1MB' (line 1, position 74)")]
    [InlineData("""{"input":{"location":"data"},"miniBatch":{"files":1.5}}""", "miniBatch.files: must be a whole number from -2147483648 to 2147483647, was 1.5 (line 1, position 54)")]
    [InlineData("""{"input":{"location":"data"},"execution":{"maxTries":99999999999}}""", "execution.maxTries: must be a whole number from -2147483648 to 2147483647, was 99999999999 (line 1, position 65)")]
    [InlineData("""{"input":{"location":"data"},"execution":{"reuse":"yes"}}""", "execution.reuse: must be true or false, was 'yes' (line 1, position 56)")]
    [InlineData("""{"input":{"location":"data"},"execution":{"maxTries":"3"}}""", "execution.maxTries: must be a whole number from -2147483648 to 2147483647, was '3' (line 1, position 57)")]
    [InlineData("""{"input":{"location":"data"},"model":{"image":{"mean":[0,"x"]}}}""", "model.image.mean[1]: must be a number, was 'x' (line 1, position 61)")]
    [InlineData("""{"input":{"location":5}}""", "input.location: must be a string, was 5 (line 1, position 23)")]
    [InlineData("""{"input":{"location":"data","partitionKeys":"region"}}""", "input.partitionKeys: must be an array, was 'region' (line 1, position 53)")]
    [InlineData("""{"input":"data"}""", "input: must be an object, was 'data' (line 1, position 16)")]
    [InlineData("""{"name":null}""", "name: must not be null, was null (line 1, position 13)")]
    [InlineData("""{"scorer":{"arguments":{"a b":5}}}""", "scorer.arguments['a b']: must be a string, was 5 (line 1, position 32)")]
    [InlineData("""[1]""", "$: must be an object, was [1] (line 1, position 2)")]
    public void TryParse_JsonTypeError_ReportsPathAndValue(string json, string expected)
    {
        // Act
        var (spec, errors) = RunSpecSerializer.TryParse(json);

        // Assert
        Assert.Null(spec);
        Assert.Equal(expected, Assert.Single(errors).ToString());
    }

    [Fact]
    public void TryParse_UnknownSettingOnLaterLine_ReportsLineAndPosition()
    {
        // Arrange
        var json = "{\n  \"input\": {\n    \"location\": \"data\",\n    \"colour\": \"red\"\n  }\n}";

        // Act
        var (_, errors) = RunSpecSerializer.TryParse(json);

        // Assert
        Assert.Equal(["input.colour: unknown setting (line 4, position 14)"], errors.Select(e => e.ToString()));
    }

    [Fact]
    public void TryParse_MalformedJson_ReportsReaderError()
    {
        // Act
        var (spec, errors) = RunSpecSerializer.TryParse("""{"input":{"location":"data"}""");

        // Assert
        Assert.Null(spec);
        var error = Assert.Single(errors);
        Assert.Equal("$", error.Path);
        Assert.EndsWith("(line 1, position 29)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ManyProblems_ReportsAllAtOnce()
    {
        // Arrange
        const string json = """
            {
              "name": "bad name",
              "input": { "location": "../data", "glob": "", "format": "csv" },
              "miniBatch": { "files": 0, "rows": 5 },
              "model": { "location": "model.pt", "image": { "width": 0, "std": [0] } },
              "scorer": { "sideInputs": { "labels": "../labels.txt" } },
              "failures": { "allowedFailedPercent": 140, "errorThreshold": -2 },
              "execution": { "maxTries": 0 },
              "output": { "path": "results.txt" }
            }
            """;

        // Act
        var (spec, errors) = RunSpecSerializer.TryParse(json);

        // Assert
        Assert.NotNull(spec);
        Assert.Equal(
            [
                "miniBatch.files",
                "model.image.width",
                "failures.errorThreshold",
                "failures.allowedFailedPercent",
                "execution.maxTries",
                "name",
                "input.location",
                "input.glob",
                "input.format",
                "miniBatch",
                "miniBatch.rows",
                "model.location",
                "model.image.std[0]",
                "scorer.sideInputs.labels",
                "output.path",
            ],
            errors.Select(e => e.Path));
        Assert.Equal(15, errors.Count);
        Assert.Contains("failures.allowedFailedPercent: must be between 0 and 100, was 140", errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_InvalidSpec_ThrowsListingEveryProblem()
    {
        // Act
        var e = Assert.Throws<BatchScoringException>(() => RunSpecSerializer.Parse(Patch("{'execution':{'maxTries':0},'failures':{'allowedFailedPercent':140}}"), "spec.json"));

        // Assert
        Assert.Contains("spec.json is not a valid run spec:", e.Message, StringComparison.Ordinal);
        Assert.Contains("execution.maxTries: must be between 1 and 100, was 0", e.Message, StringComparison.Ordinal);
        Assert.Contains("failures.allowedFailedPercent: must be between 0 and 100, was 140", e.Message, StringComparison.Ordinal);
    }

    private static void AssertErrors(string patch, params string[] expected) => Assert.Equal(expected, Errors(patch));

    private static List<string> Errors(string patch)
    {
        var (spec, errors) = RunSpecSerializer.TryParse(Patch(patch));
        Assert.True(spec is not null, $"the patched spec did not parse: {string.Join("; ", errors)}");
        return errors.Select(e => e.ToString()).ToList();
    }

    /// <summary>The valid file-mode spec with a merge patch written with single quotes applied.</summary>
    private static string Patch(string patch) => Merge(ValidFileSpec, patch);

    private static string Merge(string target, string patch)
    {
        var node = JsonNode.Parse(target.Replace('\'', '"'))!;
        MergeInto(node.AsObject(), JsonNode.Parse(patch.Replace('\'', '"'))!.AsObject());
        return node.ToJsonString();
    }

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            patch.Remove(name);
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject child && target[name] is JsonObject existing)
            {
                MergeInto(existing, child);
            }
            else
            {
                target[name] = value;
            }
        }
    }
}
