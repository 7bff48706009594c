"""Regions, local authorities and places for the synthetic national dataset.

The 9 regions and 152 upper-tier local authorities (with DfE's spelling, Cumbria still
one LA) restate shared/data/reference/government_office_regions_las.csv, which comes from
DfE's register-early-career-teachers `db/seeds/regions.rb`.

Three-digit DfE LA codes and ONS (GSS) codes are public facts. Sources:
- 201-206 and 383 are confirmed by the LAESTABs in the Ofsted files in shared/data/ofsted;
- the rest come from the DfE explore-education-statistics repository, test fixture
  `LocalAuthorityPresets` (pairs of GSS code, LA code, name);
- 839 (Bournemouth, Christchurch and Poole) from a DfE test of its LA lookup.
- 940 North Northamptonshire and 941 West Northamptonshire are the codes DfE gave the
  two unitaries of April 2021 as far as we know; no source here confirmed them.
GSS codes of the 2019-2021 unitaries (E06000058-62) are ONS's.

Coordinates are rough British National Grid centres (metres), written by hand for this
generator; they only need to put schools in the right part of England.
"""

from dataclasses import dataclass
import math
import re

from .names import POSTCODE_INWARD_LETTERS


@dataclass(frozen=True, slots=True)
class Region:
    name: str  # GOR (name)
    gor_code: str  # GOR (code), a letter in GIAS
    ofsted_region: str  # Ofsted's own region (the North East shares with Yorkshire)
    box: tuple  # (min easting, min northing, max easting, max northing)
    fsm_base: float  # typical percentage of pupils on free school meals


REGIONS = {
    region.name: region
    for region in (
        Region("North East", "A", "North East, Yorkshire and the Humber", (380000, 500000, 470000, 660000), 29.0),
        Region("North West", "B", "North West", (300000, 330000, 410000, 590000), 27.0),
        Region("Yorkshire and the Humber", "D", "North East, Yorkshire and the Humber", (370000, 380000, 540000, 520000), 26.0),
        Region("East Midlands", "E", "East Midlands", (400000, 230000, 560000, 420000), 23.0),
        Region("West Midlands", "F", "West Midlands", (320000, 220000, 440000, 370000), 27.0),
        Region("East of England", "G", "East of England", (460000, 170000, 660000, 350000), 20.0),
        Region("London", "H", "London", (500000, 155000, 565000, 205000), 28.0),
        Region("South East", "J", "South East", (400000, 75000, 640000, 260000), 18.0),
        Region("South West", "K", "South West", (80000, 5000, 430000, 250000), 20.0),
    )
}

# How far schools scatter from an LA's centre, in metres, by kind of authority.
# The brief asked for about 10 km; shire counties get more so they look like counties.
SCATTER_METRES = {"L": 3500, "M": 6000, "U": 8000, "W": 16000, "C": 24000}

CE_DIOCESES = {
    # Diocese (code) in GIAS: "CE23" London and "CE36" Southwark are seen in real rows;
    # they match an alphabetical numbering of the dioceses of England (Bradford, Ripon
    # and Leeds, and Wakefield before their 2014 merger), so the others follow it.
    # "CE43" for the merged Diocese of Leeds is an assumption.
    "bath": ("CE01", "Diocese of Bath and Wells"),
    "birmingham": ("CE02", "Diocese of Birmingham"),
    "blackburn": ("CE03", "Diocese of Blackburn"),
    "bristol": ("CE05", "Diocese of Bristol"),
    "canterbury": ("CE06", "Diocese of Canterbury"),
    "carlisle": ("CE07", "Diocese of Carlisle"),
    "chelmsford": ("CE08", "Diocese of Chelmsford"),
    "chester": ("CE09", "Diocese of Chester"),
    "chichester": ("CE10", "Diocese of Chichester"),
    "coventry": ("CE11", "Diocese of Coventry"),
    "derby": ("CE12", "Diocese of Derby"),
    "durham": ("CE13", "Diocese of Durham"),
    "ely": ("CE14", "Diocese of Ely"),
    "exeter": ("CE15", "Diocese of Exeter"),
    "gloucester": ("CE16", "Diocese of Gloucester"),
    "guildford": ("CE17", "Diocese of Guildford"),
    "hereford": ("CE18", "Diocese of Hereford"),
    "leicester": ("CE19", "Diocese of Leicester"),
    "lichfield": ("CE20", "Diocese of Lichfield"),
    "lincoln": ("CE21", "Diocese of Lincoln"),
    "liverpool": ("CE22", "Diocese of Liverpool"),
    "london": ("CE23", "Diocese of London"),
    "manchester": ("CE24", "Diocese of Manchester"),
    "newcastle": ("CE25", "Diocese of Newcastle"),
    "norwich": ("CE26", "Diocese of Norwich"),
    "oxford": ("CE27", "Diocese of Oxford"),
    "peterborough": ("CE28", "Diocese of Peterborough"),
    "portsmouth": ("CE29", "Diocese of Portsmouth"),
    "rochester": ("CE31", "Diocese of Rochester"),
    "stalbans": ("CE32", "Diocese of St Albans"),
    "stedmundsbury": ("CE33", "Diocese of St Edmundsbury and Ipswich"),
    "salisbury": ("CE34", "Diocese of Salisbury"),
    "sheffield": ("CE35", "Diocese of Sheffield"),
    "southwark": ("CE36", "Diocese of Southwark"),
    "southwell": ("CE37", "Diocese of Southwell and Nottingham"),
    "truro": ("CE38", "Diocese of Truro"),
    "winchester": ("CE40", "Diocese of Winchester"),
    "worcester": ("CE41", "Diocese of Worcester"),
    "york": ("CE42", "Diocese of York"),
    "leeds": ("CE43", "Diocese of Leeds"),
}

RC_DIOCESES = {
    # "RC01" Archdiocese of Westminster is seen in real rows; the other numbers are
    # invented (alphabetical) for this generator.
    "westminster": ("RC01", "Archdiocese of Westminster"),
    "arundel": ("RC02", "Diocese of Arundel and Brighton"),
    "birmingham": ("RC03", "Archdiocese of Birmingham"),
    "brentwood": ("RC04", "Diocese of Brentwood"),
    "clifton": ("RC05", "Diocese of Clifton"),
    "eastanglia": ("RC06", "Diocese of East Anglia"),
    "hallam": ("RC07", "Diocese of Hallam"),
    "hexham": ("RC08", "Diocese of Hexham and Newcastle"),
    "lancaster": ("RC09", "Diocese of Lancaster"),
    "leeds": ("RC10", "Diocese of Leeds"),
    "liverpool": ("RC11", "Archdiocese of Liverpool"),
    "middlesbrough": ("RC12", "Diocese of Middlesbrough"),
    "northampton": ("RC13", "Diocese of Northampton"),
    "nottingham": ("RC14", "Diocese of Nottingham"),
    "plymouth": ("RC15", "Diocese of Plymouth"),
    "portsmouth": ("RC16", "Diocese of Portsmouth"),
    "salford": ("RC17", "Diocese of Salford"),
    "shrewsbury": ("RC18", "Diocese of Shrewsbury"),
    "southwark": ("RC19", "Archdiocese of Southwark"),
    "cardiff": ("RC20", "Archdiocese of Cardiff"),
}


@dataclass(frozen=True, slots=True)
class LocalAuthority:
    region: Region
    name: str  # LA (name), DfE spelling
    code: str  # LA (code), 3 digits
    gss_code: str
    kind: str  # key of SCATTER_METRES
    easting: int
    northing: int
    weight: int  # roughly how many state-funded schools it has
    postcode_districts: tuple  # e.g. ("LS1", "LS2", ...)
    towns: tuple
    county: str  # County (name) for addresses; "" where GIAS usually leaves it empty
    ce_diocese: tuple  # (code, name)
    rc_diocese: tuple
    phone_prefix: str  # area code for telephone numbers

    @property
    def radius(self):
        return 600 if self.code == "201" else SCATTER_METRES[self.kind]


# region | LA | code | GSS | kind | easting | northing | weight | postcode districts |
# towns | county | CofE diocese | RC diocese | phone area code
_LA_TABLE = """
North West|Blackburn with Darwen|889|E06000008|U|368000|425000|80|BB1-3,BB6|Blackburn;Darwen|Lancashire|blackburn|salford|01254
North West|Blackpool|890|E06000009|U|332000|436000|45|FY1-5|Blackpool|Lancashire|blackburn|lancaster|01253
North West|Bolton|350|E08000001|M|371000|409000|130|BL1-7|Bolton;Horwich;Farnworth|Greater Manchester|manchester|salford|01204
North West|Bury|351|E08000002|M|380000|411000|80|BL0,BL8-9,M26,M45|Bury;Ramsbottom;Radcliffe;Prestwich|Greater Manchester|manchester|salford|0161
North West|Cheshire East|895|E06000049|W|375000|362000|160|CW1-12,SK9-11|Crewe;Macclesfield;Congleton;Nantwich;Wilmslow|Cheshire|chester|shrewsbury|01270
North West|Cheshire West and Chester|896|E06000050|W|350000|368000|160|CH1-4,CW6-9,CH65-66|Chester;Ellesmere Port;Northwich;Winsford|Cheshire|chester|shrewsbury|01244
North West|Cumbria|909|E10000006|C|345000|525000|350|CA1-28,LA8-23|Carlisle;Kendal;Workington;Barrow-in-Furness;Penrith;Whitehaven|Cumbria|carlisle|lancaster|01228
North West|Halton|876|E06000006|U|352000|384000|65|WA7-8|Widnes;Runcorn|Cheshire|chester|shrewsbury|0151
North West|Knowsley|340|E08000011|M|343000|393000|60|L28,L32-36|Kirkby;Huyton;Prescot|Merseyside|liverpool|liverpool|0151
North West|Lancashire|888|E10000017|C|360000|437000|620|PR1-9,LA1-6,BB4-12,FY6-8,L39-40|Preston;Lancaster;Burnley;Chorley;Accrington;Ormskirk;Nelson|Lancashire|blackburn|lancaster|01772
North West|Liverpool|341|E08000012|M|337000|391000|190|L1-27|Liverpool||liverpool|liverpool|0151
North West|Manchester|352|E08000003|M|384000|397000|200|M1-23,M40|Manchester||manchester|salford|0161
North West|Oldham|353|E08000004|M|393000|405000|110|OL1-4,OL8-9|Oldham;Chadderton;Royton|Greater Manchester|manchester|salford|0161
North West|Rochdale|354|E08000005|M|389000|413000|100|OL10-12,OL16|Rochdale;Heywood;Middleton|Greater Manchester|manchester|salford|01706
North West|Salford|355|E08000006|M|377000|399000|100|M5-7,M27-30,M44|Salford;Eccles;Swinton|Greater Manchester|manchester|salford|0161
North West|Sefton|343|E08000014|M|334000|400000|110|L20-23,L30-31,PR8-9|Bootle;Southport;Crosby;Formby|Merseyside|liverpool|liverpool|0151
North West|St. Helens|342|E08000013|M|351000|395000|70|WA9-11|St Helens;Newton-le-Willows|Merseyside|liverpool|liverpool|01744
North West|Stockport|356|E08000007|M|389000|389000|120|SK1-8|Stockport;Cheadle;Marple|Cheshire|chester|shrewsbury|0161
North West|Tameside|357|E08000008|M|394000|398000|100|OL5-7,SK14-16|Ashton-under-Lyne;Hyde;Stalybridge|Greater Manchester|manchester|salford|0161
North West|Trafford|358|E08000009|M|377000|392000|110|M31-33,M41,WA14-15|Sale;Altrincham;Stretford;Urmston|Cheshire|chester|salford|0161
North West|Warrington|877|E06000007|U|361000|389000|90|WA1-5,WA13|Warrington||liverpool|liverpool|01925
North West|Wigan|359|E08000010|M|359000|405000|130|WN1-7,WA3|Wigan;Leigh;Atherton|Greater Manchester|liverpool|liverpool|01942
North West|Wirral|344|E08000015|M|330000|388000|135|CH41-49,CH60-63|Birkenhead;Wallasey;Heswall|Merseyside|chester|shrewsbury|0151
North East|Darlington|841|E06000005|U|428000|515000|45|DL1-3|Darlington|County Durham|durham|hexham|01325
North East|Durham|840|E06000047|W|420000|538000|270|DH1-9,DL4-17,SR7-8|Durham;Chester-le-Street;Bishop Auckland;Consett;Peterlee;Newton Aycliffe|County Durham|durham|hexham|0191
North East|Gateshead|390|E08000037|M|423000|560000|90|NE8-11,NE21,NE39-40|Gateshead;Whickham;Blaydon-on-Tyne|Tyne and Wear|durham|hexham|0191
North East|Hartlepool|805|E06000001|U|449000|532000|45|TS24-27|Hartlepool|County Durham|durham|hexham|01429
North East|Middlesbrough|806|E06000002|U|450000|517000|60|TS1-8|Middlesbrough|North Yorkshire|york|middlesbrough|01642
North East|Newcastle upon Tyne|391|E08000021|M|424000|566000|100|NE1-7,NE12-13,NE15|Newcastle upon Tyne||newcastle|hexham|0191
North East|North Tyneside|392|E08000022|M|433000|570000|80|NE25-30|North Shields;Wallsend;Whitley Bay|Tyne and Wear|newcastle|hexham|0191
North East|Northumberland|929|E06000057|W|405000|590000|170|NE22-24,NE61-71,TD15|Morpeth;Blyth;Hexham;Alnwick;Cramlington;Ashington|Northumberland|newcastle|hexham|01670
North East|Redcar and Cleveland|807|E06000003|U|461000|520000|60|TS6,TS10-14|Redcar;Guisborough;Saltburn-by-the-Sea|North Yorkshire|york|middlesbrough|01642
North East|South Tyneside|393|E08000023|M|435000|564000|65|NE31-36|South Shields;Jarrow;Hebburn|Tyne and Wear|durham|hexham|0191
North East|Stockton-on-Tees|808|E06000004|U|443000|518000|80|TS15-21|Stockton-on-Tees;Billingham;Thornaby;Yarm|County Durham|durham|hexham|01642
North East|Sunderland|394|E08000024|M|438000|555000|115|SR1-6,DH4-5,NE37-38|Sunderland;Washington;Houghton le Spring|Tyne and Wear|durham|hexham|0191
Yorkshire and the Humber|Barnsley|370|E08000016|M|433000|406000|95|S70-75,S36|Barnsley;Penistone;Hoyland;Wombwell|South Yorkshire|sheffield|hallam|01226
Yorkshire and the Humber|Bradford|380|E08000032|M|414000|435000|200|BD1-22,LS29|Bradford;Keighley;Shipley;Ilkley|West Yorkshire|leeds|leeds|01274
Yorkshire and the Humber|Calderdale|381|E08000033|M|407000|425000|105|HX1-7,OL14|Halifax;Brighouse;Todmorden;Elland|West Yorkshire|leeds|leeds|01422
Yorkshire and the Humber|Doncaster|371|E08000017|M|458000|403000|135|DN1-12|Doncaster;Thorne;Mexborough|South Yorkshire|sheffield|hallam|01302
Yorkshire and the Humber|East Riding of Yorkshire|811|E06000011|W|498000|440000|170|HU10-20,YO15-16,YO25,DN14|Beverley;Bridlington;Goole;Driffield;Cottingham|East Riding of Yorkshire|york|middlesbrough|01482
Yorkshire and the Humber|Kingston upon Hull, City of|810|E06000010|U|509000|430000|100|HU1-9|Hull||york|middlesbrough|01482
Yorkshire and the Humber|Kirklees|382|E08000034|M|418000|416000|185|HD1-9,WF12-17|Huddersfield;Dewsbury;Batley;Holmfirth|West Yorkshire|leeds|leeds|01484
Yorkshire and the Humber|Leeds|383|E08000035|M|430000|434000|280|LS1-28|Leeds;Otley;Wetherby;Morley;Pudsey|West Yorkshire|leeds|leeds|0113
Yorkshire and the Humber|North East Lincolnshire|812|E06000012|U|525000|407000|65|DN31-37|Grimsby;Cleethorpes;Immingham|Lincolnshire|lincoln|nottingham|01472
Yorkshire and the Humber|North Lincolnshire|813|E06000013|U|490000|411000|75|DN15-20|Scunthorpe;Brigg;Barton-upon-Humber|Lincolnshire|lincoln|nottingham|01724
Yorkshire and the Humber|North Yorkshire|815|E10000023|C|435000|475000|370|YO7-8,YO11-14,YO17-18,YO21-22,HG1-5,DL6-11,BD23-24|Harrogate;Scarborough;Northallerton;Selby;Skipton;Ripon;Whitby|North Yorkshire|york|middlesbrough|01609
Yorkshire and the Humber|Rotherham|372|E08000018|M|445000|393000|120|S60-66,S25-26|Rotherham;Maltby;Wath-upon-Dearne|South Yorkshire|sheffield|hallam|01709
Yorkshire and the Humber|Sheffield|373|E08000019|M|435000|387000|175|S1-14,S17,S20,S35|Sheffield||sheffield|hallam|0114
Yorkshire and the Humber|Wakefield|384|E08000036|M|435000|420000|150|WF1-11|Wakefield;Pontefract;Castleford;Ossett|West Yorkshire|leeds|leeds|01924
Yorkshire and the Humber|York|816|E06000014|U|460000|452000|65|YO1,YO10,YO23-32|York|North Yorkshire|york|middlesbrough|01904
East Midlands|Derby|831|E06000015|U|435000|336000|95|DE1,DE3,DE21-24|Derby||derby|nottingham|01332
East Midlands|Derbyshire|830|E10000007|C|430000|360000|420|DE4-7,DE55-56,DE65,S40-45,SK13,SK17,NG10|Chesterfield;Matlock;Buxton;Ilkeston;Glossop;Belper;Long Eaton|Derbyshire|derby|nottingham|01629
East Midlands|Leicester|856|E06000016|U|458000|304000|115|LE1-5|Leicester||leicester|nottingham|0116
East Midlands|Leicestershire|855|E10000018|C|460000|310000|290|LE6-19,LE65-67|Loughborough;Hinckley;Melton Mowbray;Coalville;Market Harborough;Wigston|Leicestershire|leicester|nottingham|0116
East Midlands|Lincolnshire|925|E10000019|C|507000|355000|380|LN1-13,PE10-12,PE20-25,NG31-34|Lincoln;Boston;Grantham;Spalding;Skegness;Louth;Sleaford;Stamford|Lincolnshire|lincoln|nottingham|01522
East Midlands|North Northamptonshire|940|E06000061|W|490000|280000|130|NN8-10,NN14-18,NN29|Kettering;Corby;Wellingborough;Rushden;Oundle|Northamptonshire|peterborough|northampton|01536
East Midlands|Nottingham|892|E06000018|U|457000|340000|110|NG1-9,NG11|Nottingham||southwell|nottingham|0115
East Midlands|Nottinghamshire|891|E10000024|C|462000|362000|360|NG12-25,S80-81,DN22|Mansfield;Newark;Worksop;Retford;Hucknall;Arnold|Nottinghamshire|southwell|nottingham|01623
East Midlands|Rutland|857|E06000017|U|490000|307000|20|LE15|Oakham;Uppingham|Rutland|peterborough|nottingham|01572
East Midlands|West Northamptonshire|941|E06000062|W|470000|258000|180|NN1-7,NN11-13|Northampton;Daventry;Brackley;Towcester|Northamptonshire|peterborough|northampton|01604
West Midlands|Birmingham|330|E08000025|M|407000|287000|450|B1-38,B42-45|Birmingham;Sutton Coldfield||birmingham|birmingham|0121
West Midlands|Coventry|331|E08000026|M|433000|279000|125|CV1-6|Coventry||coventry|birmingham|024
West Midlands|Dudley|332|E08000027|M|393000|289000|110|DY1-3,DY5-9|Dudley;Stourbridge;Halesowen;Brierley Hill|West Midlands|worcester|birmingham|01384
West Midlands|Herefordshire, County of|884|E06000019|W|351000|245000|95|HR1-9|Hereford;Leominster;Ross-on-Wye;Ledbury|Herefordshire|hereford|cardiff|01432
West Midlands|Sandwell|333|E08000028|M|400000|290000|125|B64-71|West Bromwich;Oldbury;Smethwick;Tipton|West Midlands|lichfield|birmingham|0121
West Midlands|Shropshire|893|E06000051|W|345000|305000|160|SY1-13,TF9,WV15-16|Shrewsbury;Oswestry;Bridgnorth;Ludlow;Market Drayton|Shropshire|lichfield|shrewsbury|01743
West Midlands|Solihull|334|E08000029|M|416000|281000|80|B90-94,B36-37|Solihull;Shirley;Chelmsley Wood|West Midlands|birmingham|birmingham|0121
West Midlands|Staffordshire|860|E10000028|C|395000|320000|390|ST15-21,WS7-15,DE13-15,B77-79|Stafford;Burton upon Trent;Tamworth;Cannock;Lichfield;Leek;Newcastle-under-Lyme|Staffordshire|lichfield|birmingham|01785
West Midlands|Stoke-on-Trent|861|E06000021|U|388000|346000|95|ST1-4,ST6|Stoke-on-Trent|Staffordshire|lichfield|birmingham|01782
West Midlands|Telford and Wrekin|894|E06000020|U|369000|310000|80|TF1-8,TF10|Telford;Newport|Shropshire|lichfield|shrewsbury|01952
West Midlands|Walsall|335|E08000030|M|401000|299000|115|WS1-6,WS9|Walsall;Aldridge;Brownhills;Willenhall|West Midlands|lichfield|birmingham|01922
West Midlands|Warwickshire|937|E10000031|C|428000|270000|250|CV7-13,CV21-23,CV31-37,B49-50|Warwick;Nuneaton;Rugby;Stratford-upon-Avon;Leamington Spa|Warwickshire|coventry|birmingham|01926
West Midlands|Wolverhampton|336|E08000031|M|391000|299000|105|WV1-4,WV6,WV10-11|Wolverhampton;Bilston|West Midlands|lichfield|birmingham|01902
West Midlands|Worcestershire|885|E10000034|C|387000|258000|240|WR1-15,DY10-14,B60-61,B96-98|Worcester;Kidderminster;Redditch;Bromsgrove;Evesham;Malvern|Worcestershire|worcester|birmingham|01905
East of England|Bedford|822|E06000055|U|505000|250000|80|MK40-45|Bedford;Kempston|Bedfordshire|stalbans|northampton|01234
East of England|Cambridgeshire|873|E10000003|C|540000|270000|260|CB1-25,PE13-19,PE26-28|Cambridge;Ely;Huntingdon;St Neots;Wisbech;March|Cambridgeshire|ely|eastanglia|01223
East of England|Central Bedfordshire|823|E06000056|W|505000|232000|140|LU5-7,SG15-19,MK17,MK45|Dunstable;Leighton Buzzard;Biggleswade;Flitwick;Sandy|Bedfordshire|stalbans|northampton|01525
East of England|Essex|881|E10000012|C|575000|215000|560|CM0-24,CO1-16,SS4-17,RM14-16,IG10|Chelmsford;Colchester;Basildon;Harlow;Braintree;Clacton-on-Sea;Brentwood|Essex|chelmsford|brentwood|01245
East of England|Hertfordshire|919|E10000015|C|520000|215000|520|AL1-10,SG1-14,WD3-25,EN6-11,HP1-4,CM23|St Albans;Watford;Stevenage;Hemel Hempstead;Hertford;Welwyn Garden City;Hitchin|Hertfordshire|stalbans|westminster|01992
East of England|Luton|821|E06000032|U|509000|222000|85|LU1-4|Luton|Bedfordshire|stalbans|northampton|01582
East of England|Norfolk|926|E10000020|C|610000|312000|430|NR1-35,PE30-38,IP20-22|Norwich;King's Lynn;Great Yarmouth;Thetford;Dereham;Cromer|Norfolk|norwich|eastanglia|01603
East of England|Peterborough|874|E06000031|U|518000|300000|80|PE1-8|Peterborough|Cambridgeshire|peterborough|eastanglia|01733
East of England|Southend-on-Sea|882|E06000033|U|588000|187000|55|SS0-3,SS9|Southend-on-Sea;Leigh-on-Sea;Shoeburyness|Essex|chelmsford|brentwood|01702
East of England|Suffolk|935|E10000029|C|605000|255000|330|IP1-33,CB8-9,CO10,NR32-35|Ipswich;Bury St Edmunds;Lowestoft;Felixstowe;Sudbury;Newmarket|Suffolk|stedmundsbury|eastanglia|01473
East of England|Thurrock|883|E06000034|U|562000|179000|60|RM16-20,SS17|Grays;Tilbury;Stanford-le-Hope|Essex|chelmsford|brentwood|01375
London|Barking and Dagenham|301|E09000002|L|547500|185000|65|IG11,RM6-10|Dagenham;Barking||chelmsford|brentwood|0208
London|Barnet|302|E09000003|L|524000|192000|135|N2-3,N11-12,N20,NW4,NW7,NW9,NW11,EN4-5,HA8|London;Barnet;Edgware||london|westminster|0208
London|Bexley|303|E09000004|L|548500|175000|80|DA1,DA5-8,DA14-18|Bexleyheath;Sidcup;Erith;Welling||rochester|southwark|0208
London|Brent|304|E09000005|L|520000|185000|90|NW2,NW6,NW10,HA0,HA3,HA9|London;Wembley||london|westminster|0208
London|Bromley|305|E09000006|L|542000|167000|100|BR1-7,SE20|Bromley;Orpington;Beckenham;West Wickham||rochester|southwark|0208
London|Camden|202|E09000007|L|528000|184500|60|NW1,NW3,NW5-6,WC1,N6,N19|London||london|westminster|0207
London|City of London|201|E09000001|L|532500|181300|2|EC1-4|London||london|westminster|0207
London|Croydon|306|E09000008|L|533000|164000|125|CR0,CR2,CR5,CR7-8,SE25,SW16|Croydon;Purley;Thornton Heath;Coulsdon||southwark|southwark|0208
London|Ealing|307|E09000009|L|516500|181000|100|W3,W5,W7,W13,UB1-2,UB5-6|London;Southall;Northolt;Greenford||london|westminster|0208
London|Enfield|308|E09000010|L|533000|197000|100|EN1-3,N9,N13-14,N18,N21|Enfield;London||london|westminster|0208
London|Greenwich|203|E09000011|L|541000|177000|95|SE2-3,SE7,SE9-10,SE18,SE28|London||southwark|southwark|0208
London|Hackney|204|E09000012|L|535000|185000|80|E2,E5,E8-9,N1,N16|London||london|westminster|0207
London|Hammersmith and Fulham|205|E09000013|L|523500|178500|55|W6,W12,W14,SW6|London||london|westminster|0207
London|Haringey|309|E09000014|L|531500|189500|85|N4,N8,N10,N15,N17,N22|London||london|westminster|0208
London|Harrow|310|E09000015|L|515000|189000|65|HA1-3,HA5,HA7|Harrow;Stanmore;Pinner||london|westminster|0208
London|Havering|311|E09000016|L|554000|187000|85|RM1-7,RM11-14|Romford;Hornchurch;Upminster;Rainham||chelmsford|brentwood|01708
London|Hillingdon|312|E09000017|L|508000|183000|100|UB3-4,UB7-11,HA4,HA6|Uxbridge;Hayes;Ruislip;West Drayton;Northwood||london|westminster|01895
London|Hounslow|313|E09000018|L|513000|175000|85|TW3-5,TW7-8,TW13-14,W4|Hounslow;Isleworth;Feltham;Brentford||london|westminster|0208
London|Islington|206|E09000019|L|531000|185000|65|N1,N5,N7,N19,EC1|London||london|westminster|0207
London|Kensington and Chelsea|207|E09000020|L|525500|179000|40|W8,W10-11,SW3,SW5,SW7,SW10|London||london|westminster|0207
London|Kingston upon Thames|314|E09000021|L|519000|167000|50|KT1-6,KT9|Kingston upon Thames;Surbiton;Chessington;New Malden||southwark|southwark|0208
London|Lambeth|208|E09000022|L|531000|175000|85|SE1,SE11,SE24,SE27,SW2,SW4,SW8-9,SW16|London||southwark|southwark|0207
London|Lewisham|209|E09000023|L|537500|174000|90|SE4,SE6,SE8,SE12-14,SE23,SE26|London||southwark|southwark|0208
London|Merton|315|E09000024|L|525500|169500|60|SW19-20,CR4,SM4|London;Mitcham;Morden||southwark|southwark|0208
London|Newham|316|E09000025|L|541000|183000|95|E6-7,E12-13,E15-16|London||chelmsford|brentwood|0208
London|Redbridge|317|E09000026|L|543000|189000|80|IG1-8,E11,E18|Ilford;Woodford Green;London||chelmsford|brentwood|0208
London|Richmond upon Thames|318|E09000027|L|517500|172500|70|TW1-2,TW9-12,SW13-15|Twickenham;Richmond;Teddington;London||london|southwark|0208
London|Southwark|210|E09000028|L|533500|176000|100|SE1,SE5,SE15-17,SE21-22|London||southwark|southwark|0207
London|Sutton|319|E09000029|L|526500|163500|60|SM1-3,SM5-6|Sutton;Carshalton;Wallington;Cheam||southwark|southwark|0208
London|Tower Hamlets|211|E09000030|L|536000|181500|100|E1-3,E14|London||london|westminster|0207
London|Waltham Forest|320|E09000031|L|537500|189500|80|E4,E10-11,E17|London||chelmsford|brentwood|0208
London|Wandsworth|212|E09000032|L|526500|174500|90|SW11-12,SW15,SW17-18|London||southwark|southwark|0208
London|Westminster|213|E09000033|L|529000|181000|60|W1-2,W9,NW8,SW1|London||london|westminster|0207
South East|Bracknell Forest|867|E06000036|U|487000|168000|45|RG12,RG40-42,GU47|Bracknell;Crowthorne;Sandhurst|Berkshire|oxford|portsmouth|01344
South East|Brighton and Hove|846|E06000043|U|531000|106000|80|BN1-3,BN41|Brighton;Hove|East Sussex|chichester|arundel|01273
South East|Buckinghamshire|825|E06000060|W|485000|205000|240|HP5-23,SL0-9,MK18|Aylesbury;High Wycombe;Amersham;Chesham;Beaconsfield;Buckingham|Buckinghamshire|oxford|northampton|01296
South East|East Sussex|845|E10000011|C|555000|115000|190|BN7-10,BN20-27,TN5-6,TN19-40|Eastbourne;Hastings;Lewes;Bexhill-on-Sea;Crowborough;Uckfield|East Sussex|chichester|arundel|01273
South East|Hampshire|850|E10000014|C|455000|130000|530|SO20-53,GU11-14,GU30-35,GU46,GU51-52,RG21-29,PO7-17,BH23-25,SP6-11|Winchester;Basingstoke;Andover;Eastleigh;Fareham;Aldershot;Havant|Hampshire|winchester|portsmouth|01962
South East|Isle of Wight|921|E06000046|U|450000|87000|45|PO30-41|Newport;Ryde;Sandown;Cowes|Isle of Wight|portsmouth|portsmouth|01983
South East|Kent|886|E10000016|C|590000|155000|590|CT1-21,ME1-20,TN1-30,DA3-4,DA9-13,BR8|Maidstone;Canterbury;Ashford;Tunbridge Wells;Folkestone;Dover;Sevenoaks;Margate|Kent|canterbury|southwark|01622
South East|Medway|887|E06000035|U|575000|168000|100|ME1-8|Chatham;Gillingham;Rochester;Strood|Kent|rochester|southwark|01634
South East|Milton Keynes|826|E06000042|U|485000|238000|120|MK1-15,MK19|Milton Keynes;Newport Pagnell;Olney|Buckinghamshire|oxford|northampton|01908
South East|Oxfordshire|931|E10000025|C|447000|210000|300|OX1-18,OX20-29,OX33,OX39,OX44,OX49,RG9|Oxford;Banbury;Bicester;Abingdon;Didcot;Witney;Henley-on-Thames|Oxfordshire|oxford|birmingham|01865
South East|Portsmouth|851|E06000044|U|465000|101000|65|PO1-6|Portsmouth;Southsea|Hampshire|portsmouth|portsmouth|023
South East|Reading|870|E06000038|U|471500|173000|55|RG1-2,RG4,RG30-31|Reading|Berkshire|oxford|portsmouth|0118
South East|Slough|871|E06000039|U|497500|180000|50|SL1-3|Slough|Berkshire|oxford|northampton|01753
South East|Southampton|852|E06000045|U|442000|113000|80|SO14-19|Southampton|Hampshire|winchester|portsmouth|023
South East|Surrey|936|E10000030|C|510000|152000|400|GU1-10,GU15-27,KT7-24,RH1-10,TW15-20,CR3,CR6|Guildford;Woking;Epsom;Reigate;Camberley;Farnham;Staines-upon-Thames;Dorking|Surrey|guildford|arundel|01483
South East|West Berkshire|869|E06000037|U|450000|170000|80|RG7-8,RG14,RG17-20|Newbury;Thatcham;Hungerford|Berkshire|oxford|portsmouth|01635
South East|West Sussex|938|E10000032|C|510000|120000|280|BN5-6,BN11-18,BN43-45,PO18-22,RH10-20,GU28-29|Chichester;Crawley;Worthing;Horsham;Bognor Regis;Haywards Heath;Burgess Hill|West Sussex|chichester|arundel|01243
South East|Windsor and Maidenhead|868|E06000040|U|490000|178000|65|SL4,SL6|Windsor;Maidenhead;Ascot|Berkshire|oxford|portsmouth|01628
South East|Wokingham|872|E06000041|U|481000|169000|70|RG5-6,RG10,RG40-41|Wokingham;Woodley;Twyford|Berkshire|oxford|portsmouth|0118
South West|Bath and North East Somerset|800|E06000022|U|370000|162000|80|BA1-2,BS31,BS39-40|Bath;Keynsham;Midsomer Norton;Radstock|Somerset|bath|clifton|01225
South West|Bournemouth, Christchurch and Poole|839|E06000058|U|408000|93000|100|BH1-18,BH23|Bournemouth;Poole;Christchurch|Dorset|salisbury|portsmouth|01202
South West|Bristol, City of|801|E06000023|U|359000|173000|160|BS1-16|Bristol||bristol|clifton|0117
South West|Cornwall|908|E06000052|W|190000|60000|280|TR1-27,PL10-35,EX22-23|Truro;Falmouth;Penzance;St Austell;Bodmin;Newquay;Camborne;Launceston|Cornwall|truro|plymouth|01872
South West|Devon|878|E10000008|C|275000|95000|370|EX1-39,TQ6-14,PL8-21|Exeter;Barnstaple;Newton Abbot;Exmouth;Tiverton;Bideford;Totnes|Devon|exeter|plymouth|01392
South West|Dorset|835|E06000059|W|370000|100000|150|DT1-11,BH19-24,SP7-8|Dorchester;Weymouth;Bridport;Wimborne Minster;Sherborne;Shaftesbury|Dorset|salisbury|plymouth|01305
South West|Gloucestershire|916|E10000013|C|385000|215000|290|GL1-20,GL50-56|Gloucester;Cheltenham;Stroud;Cirencester;Tewkesbury;Dursley|Gloucestershire|gloucester|clifton|01452
South West|Isles Of Scilly|420|E06000053|U|91000|11000|1|TR21-25|St Mary's|Isles of Scilly|truro|plymouth|01720
South West|North Somerset|802|E06000024|U|345000|165000|80|BS20-29,BS48-49|Weston-super-Mare;Clevedon;Portishead;Nailsea|Somerset|bath|clifton|01934
South West|Plymouth|879|E06000026|U|248000|57000|95|PL1-9|Plymouth|Devon|exeter|plymouth|01752
South West|Somerset|933|E10000027|C|330000|135000|270|TA1-24,BA3-11,BA16,BA20-22|Taunton;Yeovil;Bridgwater;Frome;Wells;Minehead;Street|Somerset|bath|clifton|01823
South West|South Gloucestershire|803|E06000025|U|370000|182000|115|BS30,BS32-37,GL12|Yate;Thornbury;Kingswood;Bradley Stoke|Gloucestershire|bristol|clifton|01454
South West|Swindon|866|E06000030|U|415000|185000|85|SN1-6,SN25-26|Swindon;Highworth|Wiltshire|bristol|clifton|01793
South West|Torbay|880|E06000027|U|290000|62000|40|TQ1-5|Torquay;Paignton;Brixham|Devon|exeter|plymouth|01803
South West|Wiltshire|865|E06000054|W|400000|158000|240|SN8-16,SP1-5,BA12-15|Salisbury;Chippenham;Trowbridge;Devizes;Marlborough;Warminster;Melksham|Wiltshire|salisbury|clifton|01225
"""


def _expand_districts(spec):
    """'LS1-3,LS7' -> ('LS1', 'LS2', 'LS3', 'LS7')."""
    districts = []
    for part in spec.split(","):
        area, first, last = re.fullmatch(r"([A-Z]+)(\d+)(?:-(\d+))?", part).groups()
        for number in range(int(first), int(last or first) + 1):
            districts.append(f"{area}{number}")
    return tuple(districts)


def _parse_table():
    authorities = []
    for line in _LA_TABLE.strip().splitlines():
        (region, name, code, gss, kind, easting, northing, weight, districts, towns,
         county, ce_key, rc_key, phone) = line.split("|")
        authorities.append(
            LocalAuthority(
                region=REGIONS[region], name=name, code=code, gss_code=gss, kind=kind,
                easting=int(easting), northing=int(northing), weight=int(weight),
                postcode_districts=_expand_districts(districts), towns=tuple(towns.split(";")),
                county=county, ce_diocese=CE_DIOCESES[ce_key], rc_diocese=RC_DIOCESES[rc_key],
                phone_prefix=phone,
            )
        )
    return tuple(authorities)


LOCAL_AUTHORITIES = _parse_table()
LA_BY_CODE = {la.code: la for la in LOCAL_AUTHORITIES}
LA_INDEX = {la.code: i for i, la in enumerate(LOCAL_AUTHORITIES)}  # for invented area codes


def scatter_point(rng, la):
    """A point within the LA's scatter radius of its centre, kept inside its region's box."""
    radius = la.radius * math.sqrt(rng.random())  # uniform over the disc
    angle = rng.random() * 2 * math.pi
    min_e, min_n, max_e, max_n = la.region.box
    easting = min(max(int(la.easting + radius * math.cos(angle)), min_e), max_e)
    northing = min(max(int(la.northing + radius * math.sin(angle)), min_n), max_n)
    return easting, northing


def postcode(rng, la):
    """A plausible postcode in one of the LA's districts, e.g. 'LS17 6QJ'."""
    district = rng.choice(la.postcode_districts)
    letters = POSTCODE_INWARD_LETTERS
    return f"{district} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def telephone(rng, la):
    """An 11-digit UK number with the LA's area code, as text (leading zero kept)."""
    return la.phone_prefix + "".join(str(rng.randint(0, 9)) for _ in range(11 - len(la.phone_prefix)))
