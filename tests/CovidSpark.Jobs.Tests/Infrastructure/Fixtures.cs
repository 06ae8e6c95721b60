namespace CovidSpark.Jobs.Tests.Infrastructure;

/// <summary>Small hand-made daily reports with the quirks real extracts have had, built from real sample lines where possible.</summary>
internal static class Fixtures
{
    public const string V3Header = "FIPS,Admin2,Province_State,Country_Region,Last_Update,Lat,Long_,Confirmed,Deaths,Recovered,Active,Combined_Key";

    /// <summary>02-15 as a half-merged file: real lines with git conflict markers in the middle.</summary>
    public static string HalfMerged()
    {
        var lines = File.ReadAllLines(TestData.Report("02-15"));
        return string.Join("\n", lines.Take(5)) + "\n<<<<<<< HEAD\n" + lines[5] + "\n=======\n" + lines[5].Replace(",1212,", ",1213,")
            + "\n>>>>>>> upstream/master\n" + string.Join("\n", lines.Skip(6)) + "\n";
    }

    /// <summary>A header never seen before: columns reordered, one renamed (<c>Long</c>), two new ones; rows in that order.</summary>
    public const string CustomHeader =
        "Country_Region,Province_State,Last_Update,Confirmed,Deaths,Recovered,People_Tested,Lat,Long,Combined_Key,Hospitalization_Rate\n" +
        "Italy,,2020-03-23 23:19:34,63927,6077,7432,296964,41.8719,12.5674,Italy,\n" +
        "Mainland China,Hubei,2020-03-23 23:19:34,67800,3153,61201,,30.9756,112.2707,\"Hubei, China\",0.5\n" +
        "Germany,,2020-03-23 23:19:34,29056,123,453,,51.1657,10.4515,Germany,\n";

    /// <summary>A v3 report with rows that cannot be parsed among good ones (line numbers in comments of the tests).</summary>
    public static string BadRows() => string.Join("\r\n",
        V3Header,                                                                         // 1
        ",,,Italy,2020-03-23 23:19:34,41.8719,12.5674,63927,6077,7432,50418,Italy",        // 2 good
        ",,,Spain,2020-03-23 23:19:34,40.4637,-3.7492,35136,2311,3355,29470,Spain",        // 3 good
        ",,,France,2020-03-23 23:19:34,46.2276,2.2137,20x123,862,3288,15973,France",       // 4 bad number
        ",,,Germany,2020-03-23 23:19:34,51.1657,10.4515,29056,123,453,28480,Germany,oops", // 5 too many fields
        ",,,Iran,yesterday,32.4279,53.6880,23049,1812,8376,12861,Iran",                    // 6 bad Last_Update
        ",,Somewhere,,2020-03-23 23:19:34,,,5,0,0,5,Somewhere",                            // 7 no country
        ",,,Japan,2020-03-23 23:19:34,36.2048,138.2529,1128,42,235,851,Japan,,",           // 8 wider than the header: quarantined (no other row has that padding)
        ",,,Greece,2020-03-23 23:19:34,39.0742,21.8243,695,17,,,Greece",                   // 9 empty numbers: fine
        ",,,Brazil,2020-03-23 23:19:34,-14.235,-51.9253,1924,34,2,1888.5,Brazil",          // 10 fraction in a count
        "") ;
}
