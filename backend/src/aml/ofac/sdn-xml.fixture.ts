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
