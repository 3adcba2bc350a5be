/** An SDN.XML document for tests. */
/** Entry 36 exactly as OFAC publishes it in SDN.XML; the others follow the same layout with sample-list facts. */
export const SDN_XML = `<?xml version="1.0" standalone="yes"?>
<sdnList xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
  <publshInformation>
    <Publish_Date>06/22/2025</Publish_Date>
    <Record_Count>3</Record_Count>
  </publshInformation>
  <sdnEntry>
    <uid>36</uid>
    <lastName>AEROCARIBBEAN AIRLINES</lastName>
    <sdnType>Entity</sdnType>
    <programList>
      <program>CUBA</program>
    </programList>
    <akaList>
      <aka>
        <uid>12</uid>
        <type>a.k.a.</type>
        <category>strong</category>
        <lastName>AERO-CARIBBEAN</lastName>
      </aka>
    </akaList>
    <addressList>
      <address>
        <uid>25</uid>
        <city>Havana</city>
        <country>Cuba</country>
      </address>
    </addressList>
  </sdnEntry>
  <sdnEntry>
    <uid>27844</uid>
    <firstName>Ebrahim</firstName>
    <lastName>RAISI</lastName>
    <sdnType>Individual</sdnType>
    <programList>
      <program>IRAN-EO13876</program>
    </programList>
    <dateOfBirthList>
      <dateOfBirthItem>
        <uid>1</uid>
        <dateOfBirth>14 Dec 1960</dateOfBirth>
        <mainEntry>true</mainEntry>
      </dateOfBirthItem>
    </dateOfBirthList>
    <nationalityList>
      <nationality>
        <uid>2</uid>
        <country>Iran</country>
        <mainEntry>true</mainEntry>
      </nationality>
    </nationalityList>
  </sdnEntry>
  <sdnEntry>
    <uid>27307</uid>
    <lastName>LAZARUS GROUP</lastName>
    <sdnType>Entity</sdnType>
    <programList>
      <program>DPRK3</program>
    </programList>
    <idList>
      <id>
        <uid>3</uid>
        <idType>Digital Currency Address - ETH</idType>
        <idNumber>0x098B716B8Aaf21512996dC57EB0615e2383E2f96</idNumber>
      </id>
      <id>
        <uid>4</uid>
        <idType>Secondary sanctions risk:</idType>
        <idNumber>North Korea Sanctions Regulations, sections 510.201 and 510.210</idNumber>
      </id>
    </idList>
    <akaList>
      <aka>
        <uid>5</uid>
        <type>a.k.a.</type>
        <category>weak</category>
        <lastName>HIDDEN COBRA</lastName>
      </aka>
      <aka>
        <uid>6</uid>
        <type>a.k.a.</type>
        <category>strong</category>
        <lastName>GUARDIANS OF PEACE &amp; OFFICE 91</lastName>
      </aka>
    </akaList>
  </sdnEntry>
</sdnList>
`;

/**
 * An SDN_ENHANCED.XML document for tests, in the published layout (root, publicationInfo, entity/generalInfo,
 * sanctionsPrograms, names/translations, addresses/addressParts, features). Entity 9640 follows a published
 * excerpt; 36 and 27307 carry the sample list's facts.
 */
export const SDN_ENHANCED_XML = `<?xml version="1.0" encoding="utf-8"?>
<sanctionsData xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ENHANCED_XML">
  <publicationInfo>
    <dataAsOf>2025-11-13T00:00:00-05:00</dataAsOf>
    <filters><sanctionsLists><sanctionsList refId="1550">SDN List</sanctionsList></sanctionsLists></filters>
  </publicationInfo>
  <entities>
    <entity id="9640">
      <generalInfo><identityId>1979</identityId><entityType refId="600">Individual</entityType></generalInfo>
      <sanctionsPrograms><sanctionsProgram refId="91055" id="6215">NS-PLC</sanctionsProgram></sanctionsPrograms>
      <sanctionsTypes><sanctionsType refId="1705" id="1">Block</sanctionsType></sanctionsTypes>
      <names>
        <name id="1"><isPrimary>true</isPrimary><translations><translation id="2"><isPrimary>true</isPrimary><script refId="215">Latin</script><formattedFirstName>Mohammed</formattedFirstName><formattedLastName>ABU TEIR</formattedLastName><formattedFullName>ABU TEIR, Mohammed</formattedFullName></translation></translations></name>
        <name id="3"><isPrimary>false</isPrimary><aliasType refId="1400">A.K.A.</aliasType><isLowQuality>false</isLowQuality><translations><translation id="4"><isPrimary>true</isPrimary><script refId="215">Latin</script><formattedFullName>ABU TAIR, Mohammed</formattedFullName></translation></translations></name>
        <name id="5"><isPrimary>false</isPrimary><aliasType refId="1400">A.K.A.</aliasType><isLowQuality>true</isLowQuality><translations><translation id="6"><isPrimary>true</isPrimary><script refId="215">Latin</script><formattedFullName>ABU TEIR</formattedFullName></translation></translations></name>
      </names>
      <features>
        <feature id="7"><type featureTypeId="10">Nationality Country</type><value>Palestinian</value></feature>
      </features>
    </entity>
    <entity id="36">
      <generalInfo><identityId>1</identityId><entityType refId="601">Entity</entityType></generalInfo>
      <sanctionsPrograms><sanctionsProgram refId="1" id="8">CUBA</sanctionsProgram></sanctionsPrograms>
      <names>
        <name id="9"><isPrimary>true</isPrimary><translations><translation id="10"><isPrimary>true</isPrimary><script refId="215">Latin</script><formattedFullName>AEROCARIBBEAN AIRLINES</formattedFullName></translation></translations></name>
        <name id="12"><isPrimary>false</isPrimary><aliasType refId="1400">A.K.A.</aliasType><isLowQuality>false</isLowQuality><translations><translation id="11"><isPrimary>true</isPrimary><script refId="215">Latin</script><formattedFullName>AERO-CARIBBEAN</formattedFullName></translation></translations></name>
      </names>
      <addresses>
        <address id="25"><country refId="11033">Cuba</country><translations><translation id="13"><addressParts><addressPart id="14"><type refId="1454">CITY</type><value>Havana</value></addressPart></addressParts></translation></translations></address>
      </addresses>
    </entity>
    <entity id="27307">
      <generalInfo><identityId>2</identityId><entityType refId="601">Entity</entityType></generalInfo>
      <sanctionsPrograms><sanctionsProgram refId="2" id="15">DPRK3</sanctionsProgram></sanctionsPrograms>
      <names>
        <name id="16"><isPrimary>true</isPrimary><translations><translation id="17"><isPrimary>true</isPrimary><script refId="215">Latin</script><formattedFullName>LAZARUS GROUP</formattedFullName></translation></translations></name>
      </names>
      <features>
        <feature id="18"><type featureTypeId="345">Digital Currency Address - ETH</type><value>0x098B716B8Aaf21512996dC57EB0615e2383E2f96</value></feature>
        <feature id="19"><type featureTypeId="345">Digital Currency Address - ETH</type><value>0xa0e1c89Ef1a489c9C7dE96311eD5Ce5D32c20E4B</value></feature>
      </features>
    </entity>
  </entities>
</sanctionsData>
`;
