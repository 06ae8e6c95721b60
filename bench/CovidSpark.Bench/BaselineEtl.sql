-- The ETL written by hand as one DuckDB script: the benchmark baseline for the pipeline's etl job.
-- {reports}, {lookup}, {indicators}, {out} are replaced by the benchmark.
SET preserve_insertion_order = true;
CREATE TEMP TABLE raw AS
SELECT * FROM read_csv({reports}, union_by_name = true, filename = true, all_varchar = true, header = true, delim = ',', quote = '"', escape = '"', null_padding = true, strict_mode = false);
CREATE TEMP TABLE regions AS
SELECT
  strptime(regexp_extract(filename, '(\d\d-\d\d-\d\d\d\d)\.csv$', 1), '%m-%d-%Y')::DATE AS report_date,
  COALESCE("Province_State", "Province/State") AS province_state,
  COALESCE("Country_Region", "Country/Region") AS country_region,
  COALESCE(try_strptime(COALESCE("Last_Update", "Last Update"), ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M:%S', '%m/%d/%y %H:%M', '%m/%d/%Y %H:%M'])) AS last_update,
  TRY_CAST(COALESCE("Lat", "Latitude") AS DOUBLE) AS lat,
  TRY_CAST(COALESCE("Long_", "Longitude") AS DOUBLE) AS long,
  TRY_CAST(TRY_CAST("Confirmed" AS DOUBLE) AS BIGINT) AS confirmed,
  TRY_CAST(TRY_CAST("Deaths" AS DOUBLE) AS BIGINT) AS deaths,
  TRY_CAST(TRY_CAST("Recovered" AS DOUBLE) AS BIGINT) AS recovered,
  TRY_CAST(TRY_CAST("Active" AS DOUBLE) AS BIGINT) AS active,
  "Admin2" AS admin2, "FIPS" AS fips, "Combined_Key" AS combined_key,
  TRY_CAST(COALESCE("Incident_Rate", "Incidence_Rate") AS DOUBLE) AS incident_rate,
  TRY_CAST(COALESCE("Case_Fatality_Ratio", "Case-Fatality_Ratio") AS DOUBLE) AS case_fatality_ratio,
  filename AS source_file
FROM raw
WHERE COALESCE("Country_Region", "Country/Region") NOT IN ('Country_Region', 'Country/Region');
CREATE TEMP TABLE lookup AS SELECT * FROM read_csv({lookup}, header = true, all_varchar = true);
CREATE TEMP TABLE aliases AS SELECT * FROM (VALUES
  ('Mainland China', 'China'), ('South Korea', 'Korea, South'), ('UK', 'United Kingdom'), ('Czech Republic', 'Czechia'),
  ('Taiwan', 'Taiwan*'), ('Iran (Islamic Republic of)', 'Iran'), ('Bahamas, The', 'Bahamas'), ('The Bahamas', 'Bahamas'),
  ('Gambia, The', 'Gambia'), ('The Gambia', 'Gambia'), ('Cape Verde', 'Cabo Verde'), ('East Timor', 'Timor-Leste'),
  ('Republic of the Congo', 'Congo (Brazzaville)'), ('Palestine', 'West Bank and Gaza')) AS t(name, country);
CREATE TEMP TABLE tagged AS
SELECT r.*, COALESCE(a.country, r.country_region) AS country,
       COALESCE(lp.iso3, lc.iso3) AS iso3
FROM regions r
LEFT JOIN aliases a ON a.name = r.country_region
LEFT JOIN (SELECT DISTINCT Country_Region, Province_State, iso3 FROM lookup WHERE Admin2 IS NULL AND Province_State IS NOT NULL) lp
  ON lp.Country_Region = COALESCE(a.country, r.country_region) AND lp.Province_State = r.province_state
LEFT JOIN (SELECT Country_Region, any_value(iso3) AS iso3 FROM lookup WHERE Admin2 IS NULL AND Province_State IS NULL GROUP BY 1) lc
  ON lc.Country_Region = COALESCE(a.country, r.country_region);
COPY (SELECT * FROM tagged ORDER BY report_date) TO '{out}/daily_region' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (report_date), OVERWRITE_OR_IGNORE true);
CREATE TEMP TABLE countries AS
SELECT iso_code AS iso3, continent, TRY_CAST(population AS DOUBLE) AS population,
       TRY_CAST(population_density AS DOUBLE) AS population_density, TRY_CAST(gdp_per_capita AS DOUBLE) AS gdp_per_capita,
       CASE WHEN TRY_CAST(human_development_index AS DOUBLE) BETWEEN 0 AND 1 THEN TRY_CAST(human_development_index AS DOUBLE) END AS human_development_index
FROM read_csv({indicators}, header = true, all_varchar = true)
WHERE iso_code NOT LIKE 'OWID_%' AND continent IS NOT NULL;
COPY (SELECT * FROM countries ORDER BY iso3) TO '{out}/countries.parquet' (FORMAT parquet, COMPRESSION zstd);
COPY (
  SELECT d.*, d.confirmed - LAG(d.confirmed) OVER w AS new_confirmed, d.deaths - LAG(d.deaths) OVER w AS new_deaths,
         CASE WHEN datediff('day', LAG(d.report_date, 7) OVER w, d.report_date) = 7 THEN (d.confirmed - LAG(d.confirmed, 7) OVER w) / 7.0 END AS new_confirmed_7d_avg,
         c.continent, c.population, d.confirmed * 1000.0 / NULLIF(c.population, 0) AS cases_per_thousand,
         d.deaths * 1e6 / NULLIF(c.population, 0) AS deaths_per_million
  FROM (SELECT report_date, iso3, SUM(confirmed) AS confirmed, SUM(deaths) AS deaths, SUM(recovered) AS recovered
        FROM tagged WHERE iso3 IS NOT NULL AND country NOT LIKE '%Princess%' GROUP BY 1, 2) d
  LEFT JOIN countries c USING (iso3)
  WINDOW w AS (PARTITION BY d.iso3 ORDER BY d.report_date)
  ORDER BY report_date, iso3
) TO '{out}/daily_country' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (report_date), OVERWRITE_OR_IGNORE true);
