using CovidSpark.Spark.Plan;
using CovidSpark.Spark.Plan.Catalogue;
using CovidSpark.Spark.Sql.Types;

namespace CovidSpark.Spark.Tests.Catalogue;

/// <summary>
/// The cross-engine rules live in the lowering pass, once: each engine only spells what the pass gives it (the golden plans
/// and SQL of both engines, and the value tests named in the catalogue's parity notes, show the spelling is unchanged).
/// </summary>
public class LoweringTests
{
    private static readonly ColumnRef A = new("a"), B = new("b");

    [Fact]
    public void Division_is_try_divide_on_every_engine()
    {
        var lowered = Assert.IsType<FunctionCall>(Lowering.Lower(FunctionCatalogue.Call("/", A, B)));

        Assert.Equal(FunctionCatalogue.Call("try_divide", A, B), lowered);
        Assert.Equal(DoubleType.Instance, FunctionCatalogue.Find("try_divide")!.FixedResultType);
        Assert.Null(Lowering.Lower(lowered)); // each engine spells try_divide itself
    }

    [Theory]
    [InlineData("floor")]
    [InlineData("ceil")]
    public void Floor_and_ceil_are_cast_to_bigint_on_every_engine(string name)
    {
        var call = FunctionCatalogue.Call(name, A);

        var cast = Assert.IsType<Cast>(Lowering.Lower(call));

        Assert.Equal(LongType.Instance, cast.Type);
        Assert.Equal(new LoweredCall(call), cast.Child);
    }

    [Fact]
    public void To_date_with_a_pattern_is_the_date_of_to_timestamp_on_every_engine()
    {
        var pattern = new Literal("M/d/yy");

        var cast = Assert.IsType<Cast>(Lowering.Lower(FunctionCatalogue.Call("to_date", A, pattern)));

        Assert.Equal(DateType.Instance, cast.Type);
        Assert.Equal(FunctionCatalogue.Call("to_timestamp", A, pattern), cast.Child);
        Assert.Null(Lowering.Lower(FunctionCatalogue.Call("to_date", A))); // without a pattern: each engine's cast of text
    }
}
