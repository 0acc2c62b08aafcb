package org.deepseaguard.core.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.deepseaguard.core.model.FieldError;
import org.deepseaguard.core.model.InvalidInputException;
import org.deepseaguard.core.model.Zone;
import org.deepseaguard.core.model.ZoneType;
import org.junit.jupiter.api.Test;

class GeoJsonZonesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The DESIGN example, with single quotes for readability. */
    private static final String PRZ = """
        {'type':'Feature','geometry':{'type':'Polygon','coordinates':[[[-117.5,10.2],[-117.15,10.2],[-117.15,10.6],[-117.5,10.6],[-117.5,10.2]]]},
         'properties':{'zone_id':'PRZ-NORI-D','name':'NORI D preservation reference zone','zone_type':'preservation_reference_zone',
                       'min_depth':null,'max_depth':null,'valid_from':null,'valid_to':null,'source':'contractor EMP 2026'}}
        """;

    private static final String SQUARE = "{'type':'Polygon','coordinates':[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}";

    static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    private static JsonNode feature(String properties) {
        return json("{'type':'Feature','geometry':" + SQUARE + ",'properties':" + properties + "}");
    }

    private static JsonNode collection(String... features) {
        return json("{'type':'FeatureCollection','features':[" + String.join(",", features) + "]}");
    }

    private static String featureText(String properties, String geometry) {
        return "{'type':'Feature','geometry':" + geometry + ",'properties':" + properties + "}";
    }

    private static List<FieldError> errors(JsonNode input) {
        return errors(input, PropertyMapping.NATIVE);
    }

    private static List<FieldError> errors(JsonNode input, PropertyMapping mapping) {
        try {
            GeoJsonZones.read(input, mapping);
        } catch (InvalidInputException e) {
            return e.errors();
        }
        throw new AssertionError("accepted " + input);
    }

    private static List<String> fields(JsonNode input) {
        return errors(input).stream().map(FieldError::field).toList();
    }

    @Test
    void readsTheDesignExample() {
        List<Zone> zones = GeoJsonZones.read(json(PRZ), PropertyMapping.NATIVE);
        assertThat(zones).hasSize(1);
        Zone z = zones.get(0);
        assertThat(z.zoneId()).isEqualTo("PRZ-NORI-D");
        assertThat(z.name()).isEqualTo("NORI D preservation reference zone");
        assertThat(z.zoneType()).isEqualTo(ZoneType.PRESERVATION_REFERENCE_ZONE);
        assertThat(z.minDepth()).isNull();
        assertThat(z.validTo()).isNull();
        assertThat(z.source()).isEqualTo("contractor EMP 2026");
        assertThat(z.version()).isEqualTo(1);
        assertThat(z.geometry().getArea()).isCloseTo(0.35 * 0.4, within(1e-12));
    }

    @Test
    void readsEveryNativeProperty() {
        Zone z = GeoJsonZones.read(feature("""
                {'zone_id':'Z.1_a-b','name':'n','zone_type':'contract_area','contract_id':'NORIPMN1','contractor':'NORI',
                 'authorized_auvs':['AUV-001','AUV-002'],'min_depth':4000,'max_depth':6000.5,
                 'valid_from':'2026-01-01T00:00:00Z','valid_to':'2027-01-01T02:00:00+02:00','source':'s','version':7,
                 'unknown':{'x':1}}"""), null).get(0);
        assertThat(z.contractId()).isEqualTo("NORIPMN1");
        assertThat(z.contractor()).isEqualTo("NORI");
        assertThat(z.authorizedAuvs()).containsExactly("AUV-001", "AUV-002");
        assertThat(z.minDepth()).isEqualTo(4000.0);
        assertThat(z.maxDepth()).isEqualTo(6000.5);
        assertThat(z.validFrom()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(z.validTo()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(z.version()).as("version on input is ignored").isEqualTo(1);
    }

    @Test
    void zoneTypeDefaultsToCustomOrTheMappingsType() {
        assertThat(GeoJsonZones.read(feature("{'zone_id':'a'}"), PropertyMapping.NATIVE).get(0).zoneType())
                .isEqualTo(ZoneType.CUSTOM);
        PropertyMapping apei = new PropertyMapping(null, null, ZoneType.APEI, null);
        assertThat(GeoJsonZones.read(feature("{'zone_id':'a'}"), apei).get(0).zoneType()).isEqualTo(ZoneType.APEI);
        assertThat(GeoJsonZones.read(feature("{'zone_id':'a','zone_type':'closed_area'}"), apei).get(0).zoneType())
                .as("a feature's own zone_type wins").isEqualTo(ZoneType.CLOSED_AREA);
    }

    @Test
    void writesAFeatureThatReadsBackTheSame() {
        Zone z = GeoJsonZones.read(feature("""
                {'zone_id':'Z1','zone_type':'apei','authorized_auvs':['A1'],'min_depth':10.25,
                 'valid_from':'2026-11-27T08:00:00Z','source':'s'}"""), null).get(0).withVersion(4);
        ObjectNode f = GeoJsonZones.toFeature(z);
        assertThat(f.fieldNames()).toIterable().containsExactly("type", "geometry", "properties");
        assertThat(f.get("geometry").has("crs")).isFalse();
        JsonNode p = f.get("properties");
        assertThat(p.fieldNames()).toIterable().containsExactly("zone_id", "name", "zone_type", "contract_id",
                "contractor", "authorized_auvs", "min_depth", "max_depth", "valid_from", "valid_to", "source", "version");
        assertThat(p.get("name").isNull()).isTrue();
        assertThat(p.get("max_depth").isNull()).isTrue();
        assertThat(p.get("zone_type").asText()).isEqualTo("apei");
        assertThat(p.get("valid_from").asText()).isEqualTo("2026-11-27T08:00:00Z");
        assertThat(p.get("version").asInt()).isEqualTo(4);
        Zone back = GeoJsonZones.read(f, null).get(0);
        assertThat(back.withVersion(4)).usingRecursiveComparison().ignoringFields("geometry").isEqualTo(z);
        assertThat(back.geometry().equalsExact(z.geometry())).isTrue();
    }

    @Test
    void writesCoordinatesExactly() {
        JsonNode g = json("{'type':'Polygon','coordinates':[[[-128.583333,11.0833],[-128.5833329999,11.0833],"
                + "[-128.583333,13.333333],[-128.583333,11.0833]]]}");
        Zone z = GeoJsonZones.read(json(featureText("{'zone_id':'a'}", g.toString().replace('"', '\''))), null).get(0);
        assertThat(GeoJsonZones.toFeature(z).get("geometry")).isEqualTo(g);
    }

    @Test
    void splitZoneIsWrittenAsTheSplitMultiPolygon() {
        String past180 = "{'type':'Polygon','coordinates':[[[170,-10],[190,-10],[190,10],[170,10],[170,-10]]]}";
        Zone z = GeoJsonZones.read(json(featureText("{'zone_id':'a'}", past180)), null).get(0);
        JsonNode g = GeoJsonZones.toFeature(z).get("geometry");
        assertThat(g.get("type").asText()).isEqualTo("MultiPolygon");
        assertThat(g.get("coordinates")).hasSize(2);
        assertThat(GeoJsonZones.read(GeoJsonZones.toFeature(z), null).get(0).geometry().equalsExact(z.geometry()))
                .isTrue();
    }

    @Test
    void featureCollectionInAndOut() {
        List<Zone> zones = GeoJsonZones.read(collection(feature("{'zone_id':'a'}").toString(),
                feature("{'zone_id':'b'}").toString()), null);
        assertThat(zones).extracting(Zone::zoneId).containsExactly("a", "b");
        ObjectNode out = GeoJsonZones.toFeatureCollection(zones);
        assertThat(out.get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(GeoJsonZones.read(out, null)).extracting(Zone::zoneId).containsExactly("a", "b");
    }

    // --- refusals, each with its field path

    @Test
    void loneFeatureErrorsHaveShortPaths() {
        assertThat(fields(feature("{'name':'no id'}"))).containsExactly("properties.zone_id");
        assertThat(fields(json(featureText("{'zone_id':'a'}", "{'type':'Point','coordinates':[1,2]}"))))
                .containsExactly("geometry");
        assertThat(fields(json("{'type':'Feature','properties':{'zone_id':'a'}}"))).containsExactly("geometry");
        assertThat(fields(json("{'type':'Feature','geometry':" + SQUARE + ",'properties':[1]}")))
                .containsExactly("properties", "properties.zone_id");
    }

    @Test
    void notAFeatureOrCollection() {
        assertThat(fields(json(SQUARE))).containsExactly("type");
        assertThat(fields(json("[1,2]"))).containsExactly("type");
        assertThat(fields(json("{'type':'FeatureCollection','features':{}}"))).containsExactly("features");
        assertThat(fields(collection("{'type':'Polygon'}", "7"))).containsExactly("features[0].type", "features[1].type");
    }

    @Test
    void everyBadPropertyIsReportedWithItsPath() {
        List<FieldError> errors = errors(collection(
                feature("{'zone_id':'ok'}").toString(),
                feature("""
                    {'zone_id':'bad id!','name':5,'zone_type':'volcano','contract_id':true,'contractor':[],
                     'authorized_auvs':['AUV-1',7,'no spaces'],'min_depth':'12.5','max_depth':-1,
                     'valid_from':'yesterday','valid_to':1700000000,'source':{}}""").toString(),
                feature("{'zone_id':'d','min_depth':200,'max_depth':100,"
                        + "'valid_from':'2026-02-01T00:00:00Z','valid_to':'2026-01-01T00:00:00Z'}").toString(),
                feature("{'zone_id':'e','authorized_auvs':'AUV-1'}").toString()));
        assertThat(errors).extracting(FieldError::field).containsExactly(
                "features[1].properties.zone_id",
                "features[1].properties.name",
                "features[1].properties.zone_type",
                "features[1].properties.contract_id",
                "features[1].properties.contractor",
                "features[1].properties.authorized_auvs[1]",
                "features[1].properties.authorized_auvs[2]",
                "features[1].properties.min_depth",
                "features[1].properties.max_depth",
                "features[1].properties.valid_from",
                "features[1].properties.valid_to",
                "features[1].properties.source",
                "features[2].properties.max_depth",
                "features[2].properties.valid_to",
                "features[3].properties.authorized_auvs");
        assertThat(errors.get(2).message()).contains("volcano").contains("closed_area");
        assertThat(errors.get(7).message()).isEqualTo("must be a number");
        assertThat(errors.get(8).message()).isEqualTo("must be >= 0");
    }

    @Test
    void zoneIdLimits() {
        assertThat(fields(feature("{'zone_id':''}"))).containsExactly("properties.zone_id");
        assertThat(fields(feature("{'zone_id':'" + "x".repeat(129) + "'}"))).containsExactly("properties.zone_id");
        assertThat(GeoJsonZones.read(feature("{'zone_id':'" + "x".repeat(128) + "'}"), null)).hasSize(1);
        assertThat(fields(feature("{'zone_id':12}"))).as("native ids are strings").containsExactly("properties.zone_id");
    }

    @Test
    void duplicateIdsInOneInputAreRefused() {
        List<FieldError> errors = errors(collection(feature("{'zone_id':'a'}").toString(),
                feature("{'zone_id':'b'}").toString(), feature("{'zone_id':'a'}").toString()));
        assertThat(errors).extracting(FieldError::field).containsExactly("features[2].properties.zone_id");
        assertThat(errors.get(0).message()).contains("duplicate").contains("features[0].properties.zone_id");
    }

    @Test
    void badGeometriesAreReportedPerFeature() {
        List<FieldError> errors = errors(collection(
                featureText("{'zone_id':'bowtie'}",
                        "{'type':'Polygon','coordinates':[[[-117.4,10.3],[-117.0,10.5],[-117.0,10.3],[-117.4,10.5],[-117.4,10.3]]]}"),
                featureText("{'zone_id':'open'}", "{'type':'Polygon','coordinates':[[[0,0],[1,0],[1,1],[0,1]]]}"),
                featureText("{'zone_id':'short'}", "{'type':'Polygon','coordinates':[[[0,0],[1,0],[0,0]]]}"),
                featureText("{'zone_id':'line'}", "{'type':'LineString','coordinates':[[0,0],[1,1]]}"),
                featureText("{'zone_id':'text'}", "{'type':'Polygon','coordinates':[[[0,0],['1',0],[1,1],[0,0]]]}"),
                featureText("{'zone_id':'lat'}", "{'type':'Polygon','coordinates':[[[0,0],[1,0],[1,95],[0,0]]]}"),
                featureText("{'zone_id':'nested'}", "{'type':'MultiPolygon','coordinates':[[[0,0],[1,0],[1,1],[0,0]]]}"),
                featureText("{'zone_id':'ok'}", SQUARE)));
        assertThat(errors).extracting(FieldError::field).containsExactly("features[0].geometry",
                "features[1].geometry", "features[2].geometry", "features[3].geometry", "features[4].geometry",
                "features[5].geometry", "features[6].geometry");
        assertThat(errors).extracting(FieldError::message).containsExactly(
                "Self-intersection at or near point (-117.2, 10.4)",
                "coordinates[0]: ring is not closed (first and last positions differ)",
                "coordinates[0]: a ring needs at least 4 positions, found 3",
                "type must be Polygon or MultiPolygon, not LineString",
                "coordinates[0][1]: must be a position [longitude, latitude] of numbers",
                "latitude 95.0 is outside [-90, 90]",
                "coordinates[0][0]: a ring needs at least 4 positions, found 2");
    }

    @Test
    void holesAndRepeatedVerticesAreAccepted() {
        Zone z = GeoJsonZones.read(json(featureText("{'zone_id':'h'}", """
                {'type':'Polygon','coordinates':[[[0,0],[10,0],[10,0],[10,10],[0,10],[0,0]],
                                                  [[4,4],[6,4],[6,6],[4,6],[4,4]]]}""")), null).get(0);
        assertThat(z.geometry().getArea()).isCloseTo(96, within(1e-9));
    }

    @Test
    void allOrNothing() {
        assertThatThrownBy(() -> GeoJsonZones.read(collection(feature("{'zone_id':'a'}").toString(),
                feature("{'zone_id':'b','min_depth':-5}").toString()), null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("features[1].properties.min_depth: must be >= 0");
    }

    @Test
    void propertyMappingReadsForeignProperties() {
        PropertyMapping isa = new PropertyMapping("AreaKey", "SubArea", ZoneType.CONTRACT_AREA, "ContractID");
        Zone z = GeoJsonZones.read(feature(
                "{'AreaKey':'NORIPMN1X_D','SubArea':'D','ContractID':'NORIPMN1','zone_id':'ignored'}"), isa).get(0);
        assertThat(z.zoneId()).isEqualTo("NORIPMN1X_D");
        assertThat(z.name()).isEqualTo("D");
        assertThat(z.contractId()).isEqualTo("NORIPMN1");
        assertThat(z.zoneType()).isEqualTo(ZoneType.CONTRACT_AREA);
        assertThat(errors(feature("{'zone_id':'x'}"), isa)).extracting(FieldError::field)
                .containsExactly("properties.AreaKey");
        PropertyMapping numeric = new PropertyMapping("OBJECTID", null, null, null);
        assertThat(GeoJsonZones.read(feature("{'OBJECTID':42}"), numeric).get(0).zoneId())
                .as("a mapped id may be an integer").isEqualTo("42");
    }
}
