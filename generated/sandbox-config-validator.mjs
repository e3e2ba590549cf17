// Written by `npm run generate` (scripts/generators/config-validator.ts) from packages/sandbox/src/config/schema.ts. Do not edit.
// The sandbox config's validator as Ajv standalone code: nothing is compiled when the sandbox starts.
// Ajv's standalone output loads its runtime helpers (ajv/dist/runtime/*) with require().
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);

export const validateConfig = validate20;
const schema31 = {"type":"object","additionalProperties":false,"required":["partners"],"properties":{"trusted_proxies":{"type":"array","items":{"type":"string"}},"public_url":{"type":"string","pattern":"^https?://[^/?#]+$"},"admin_token":{"type":"string"},"journal_size":{"type":"integer","minimum":0,"maximum":100000},"partners":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["id"],"properties":{"id":{"type":"string","minLength":1},"name":{"type":"string"},"active":{"type":"boolean"},"api_keys":{"type":"array","items":{"type":"string","pattern":"^[A-Za-z0-9._~+/-]+=*$"}},"revoked_api_keys":{"type":"array","items":{"type":"string","pattern":"^[A-Za-z0-9._~+/-]+=*$"}},"ip_allow_list":{"type":"array","items":{"type":"string"}},"rate_limits":{"oneOf":[{"const":false},{"type":"object","additionalProperties":{"type":"object","additionalProperties":false,"required":["limit","window_seconds"],"properties":{"limit":{"type":"integer","minimum":1},"window_seconds":{"type":"integer","minimum":1}}}}]},"quotas":{"type":"object","additionalProperties":false,"properties":{"orgs":{"type":"integer","minimum":0},"login_links":{"type":"integer","minimum":0},"stored_bytes":{"type":"integer","minimum":0}}}}}}}};
const pattern4 = new RegExp("^https?://[^/?#]+$", "u");
const pattern5 = new RegExp("^[A-Za-z0-9._~+/-]+=*$", "u");
const func1 = require("ajv/dist/runtime/ucs2length").default;

function validate20(data, {instancePath="", parentData, parentDataProperty, rootData=data, dynamicAnchors={}}={}){
let vErrors = null;
let errors = 0;
const evaluated0 = validate20.evaluated;
if(evaluated0.dynamicProps){
evaluated0.props = undefined;
}
if(evaluated0.dynamicItems){
evaluated0.items = undefined;
}
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.partners === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "partners"},message:"must have required property '"+"partners"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!(((((key0 === "trusted_proxies") || (key0 === "public_url")) || (key0 === "admin_token")) || (key0 === "journal_size")) || (key0 === "partners"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.trusted_proxies !== undefined){
let data0 = data.trusted_proxies;
if(Array.isArray(data0)){
const len0 = data0.length;
for(let i0=0; i0<len0; i0++){
if(typeof data0[i0] !== "string"){
const err2 = {instancePath:instancePath+"/trusted_proxies/" + i0,schemaPath:"#/properties/trusted_proxies/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
else {
const err3 = {instancePath:instancePath+"/trusted_proxies",schemaPath:"#/properties/trusted_proxies/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.public_url !== undefined){
let data2 = data.public_url;
if(typeof data2 === "string"){
if(!pattern4.test(data2)){
const err4 = {instancePath:instancePath+"/public_url",schemaPath:"#/properties/public_url/pattern",keyword:"pattern",params:{pattern: "^https?://[^/?#]+$"},message:"must match pattern \""+"^https?://[^/?#]+$"+"\""};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
else {
const err5 = {instancePath:instancePath+"/public_url",schemaPath:"#/properties/public_url/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.admin_token !== undefined){
if(typeof data.admin_token !== "string"){
const err6 = {instancePath:instancePath+"/admin_token",schemaPath:"#/properties/admin_token/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.journal_size !== undefined){
let data4 = data.journal_size;
if(!(((typeof data4 == "number") && (!(data4 % 1) && !isNaN(data4))) && (isFinite(data4)))){
const err7 = {instancePath:instancePath+"/journal_size",schemaPath:"#/properties/journal_size/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if((typeof data4 == "number") && (isFinite(data4))){
if(data4 > 100000 || isNaN(data4)){
const err8 = {instancePath:instancePath+"/journal_size",schemaPath:"#/properties/journal_size/maximum",keyword:"maximum",params:{comparison: "<=", limit: 100000},message:"must be <= 100000"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data4 < 0 || isNaN(data4)){
const err9 = {instancePath:instancePath+"/journal_size",schemaPath:"#/properties/journal_size/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
if(data.partners !== undefined){
let data5 = data.partners;
if(Array.isArray(data5)){
const len1 = data5.length;
for(let i1=0; i1<len1; i1++){
let data6 = data5[i1];
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
if(data6.id === undefined){
const err10 = {instancePath:instancePath+"/partners/" + i1,schemaPath:"#/properties/partners/items/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
for(const key1 in data6){
if(!((((((((key1 === "id") || (key1 === "name")) || (key1 === "active")) || (key1 === "api_keys")) || (key1 === "revoked_api_keys")) || (key1 === "ip_allow_list")) || (key1 === "rate_limits")) || (key1 === "quotas"))){
const err11 = {instancePath:instancePath+"/partners/" + i1,schemaPath:"#/properties/partners/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data6.id !== undefined){
let data7 = data6.id;
if(typeof data7 === "string"){
if(func1(data7) < 1){
const err12 = {instancePath:instancePath+"/partners/" + i1+"/id",schemaPath:"#/properties/partners/items/properties/id/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
else {
const err13 = {instancePath:instancePath+"/partners/" + i1+"/id",schemaPath:"#/properties/partners/items/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data6.name !== undefined){
if(typeof data6.name !== "string"){
const err14 = {instancePath:instancePath+"/partners/" + i1+"/name",schemaPath:"#/properties/partners/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data6.active !== undefined){
if(typeof data6.active !== "boolean"){
const err15 = {instancePath:instancePath+"/partners/" + i1+"/active",schemaPath:"#/properties/partners/items/properties/active/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data6.api_keys !== undefined){
let data10 = data6.api_keys;
if(Array.isArray(data10)){
const len2 = data10.length;
for(let i2=0; i2<len2; i2++){
let data11 = data10[i2];
if(typeof data11 === "string"){
if(!pattern5.test(data11)){
const err16 = {instancePath:instancePath+"/partners/" + i1+"/api_keys/" + i2,schemaPath:"#/properties/partners/items/properties/api_keys/items/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9._~+/-]+=*$"},message:"must match pattern \""+"^[A-Za-z0-9._~+/-]+=*$"+"\""};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
else {
const err17 = {instancePath:instancePath+"/partners/" + i1+"/api_keys/" + i2,schemaPath:"#/properties/partners/items/properties/api_keys/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath:instancePath+"/partners/" + i1+"/api_keys",schemaPath:"#/properties/partners/items/properties/api_keys/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data6.revoked_api_keys !== undefined){
let data12 = data6.revoked_api_keys;
if(Array.isArray(data12)){
const len3 = data12.length;
for(let i3=0; i3<len3; i3++){
let data13 = data12[i3];
if(typeof data13 === "string"){
if(!pattern5.test(data13)){
const err19 = {instancePath:instancePath+"/partners/" + i1+"/revoked_api_keys/" + i3,schemaPath:"#/properties/partners/items/properties/revoked_api_keys/items/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9._~+/-]+=*$"},message:"must match pattern \""+"^[A-Za-z0-9._~+/-]+=*$"+"\""};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
else {
const err20 = {instancePath:instancePath+"/partners/" + i1+"/revoked_api_keys/" + i3,schemaPath:"#/properties/partners/items/properties/revoked_api_keys/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
}
else {
const err21 = {instancePath:instancePath+"/partners/" + i1+"/revoked_api_keys",schemaPath:"#/properties/partners/items/properties/revoked_api_keys/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
if(data6.ip_allow_list !== undefined){
let data14 = data6.ip_allow_list;
if(Array.isArray(data14)){
const len4 = data14.length;
for(let i4=0; i4<len4; i4++){
if(typeof data14[i4] !== "string"){
const err22 = {instancePath:instancePath+"/partners/" + i1+"/ip_allow_list/" + i4,schemaPath:"#/properties/partners/items/properties/ip_allow_list/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
}
else {
const err23 = {instancePath:instancePath+"/partners/" + i1+"/ip_allow_list",schemaPath:"#/properties/partners/items/properties/ip_allow_list/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data6.rate_limits !== undefined){
let data16 = data6.rate_limits;
const _errs36 = errors;
let valid12 = false;
let passing0 = null;
const _errs37 = errors;
if(false !== data16){
const err24 = {instancePath:instancePath+"/partners/" + i1+"/rate_limits",schemaPath:"#/properties/partners/items/properties/rate_limits/oneOf/0/const",keyword:"const",params:{allowedValue: false},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
var _valid0 = _errs37 === errors;
if(_valid0){
valid12 = true;
passing0 = 0;
}
const _errs38 = errors;
if(data16 && typeof data16 == "object" && !Array.isArray(data16)){
for(const key2 in data16){
let data17 = data16[key2];
if(data17 && typeof data17 == "object" && !Array.isArray(data17)){
if(data17.limit === undefined){
const err25 = {instancePath:instancePath+"/partners/" + i1+"/rate_limits/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/partners/items/properties/rate_limits/oneOf/1/additionalProperties/required",keyword:"required",params:{missingProperty: "limit"},message:"must have required property '"+"limit"+"'"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
if(data17.window_seconds === undefined){
const err26 = {instancePath:instancePath+"/partners/" + i1+"/rate_limits/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/partners/items/properties/rate_limits/oneOf/1/additionalProperties/required",keyword:"required",params:{missingProperty: "window_seconds"},message:"must have required property '"+"window_seconds"+"'"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
for(const key3 in data17){
if(!((key3 === "limit") || (key3 === "window_seconds"))){
const err27 = {instancePath:instancePath+"/partners/" + i1+"/rate_limits/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/partners/items/properties/rate_limits/oneOf/1/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
if(data17.limit !== undefined){
let data18 = data17.limit;
if(!(((typeof data18 == "number") && (!(data18 % 1) && !isNaN(data18))) && (isFinite(data18)))){
const err28 = {instancePath:instancePath+"/partners/" + i1+"/rate_limits/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/limit",schemaPath:"#/properties/partners/items/properties/rate_limits/oneOf/1/additionalProperties/properties/limit/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
if((typeof data18 == "number") && (isFinite(data18))){
if(data18 < 1 || isNaN(data18)){
const err29 = {instancePath:instancePath+"/partners/" + i1+"/rate_limits/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/limit",schemaPath:"#/properties/partners/items/properties/rate_limits/oneOf/1/additionalProperties/properties/limit/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
}
if(data17.window_seconds !== undefined){
let data19 = data17.window_seconds;
if(!(((typeof data19 == "number") && (!(data19 % 1) && !isNaN(data19))) && (isFinite(data19)))){
const err30 = {instancePath:instancePath+"/partners/" + i1+"/rate_limits/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/window_seconds",schemaPath:"#/properties/partners/items/properties/rate_limits/oneOf/1/additionalProperties/properties/window_seconds/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
if((typeof data19 == "number") && (isFinite(data19))){
if(data19 < 1 || isNaN(data19)){
const err31 = {instancePath:instancePath+"/partners/" + i1+"/rate_limits/" + key2.replace(/~/g, "~0").replace(/\//g, "~1")+"/window_seconds",schemaPath:"#/properties/partners/items/properties/rate_limits/oneOf/1/additionalProperties/properties/window_seconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
}
else {
const err32 = {instancePath:instancePath+"/partners/" + i1+"/rate_limits/" + key2.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/partners/items/properties/rate_limits/oneOf/1/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
}
else {
const err33 = {instancePath:instancePath+"/partners/" + i1+"/rate_limits",schemaPath:"#/properties/partners/items/properties/rate_limits/oneOf/1/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
var _valid0 = _errs38 === errors;
if(_valid0 && valid12){
valid12 = false;
passing0 = [passing0, 1];
}
else {
if(_valid0){
valid12 = true;
passing0 = 1;
}
}
if(!valid12){
const err34 = {instancePath:instancePath+"/partners/" + i1+"/rate_limits",schemaPath:"#/properties/partners/items/properties/rate_limits/oneOf",keyword:"oneOf",params:{passingSchemas: passing0},message:"must match exactly one schema in oneOf"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
else {
errors = _errs36;
if(vErrors !== null){
if(_errs36){
vErrors.length = _errs36;
}
else {
vErrors = null;
}
}
}
}
if(data6.quotas !== undefined){
let data20 = data6.quotas;
if(data20 && typeof data20 == "object" && !Array.isArray(data20)){
for(const key4 in data20){
if(!(((key4 === "orgs") || (key4 === "login_links")) || (key4 === "stored_bytes"))){
const err35 = {instancePath:instancePath+"/partners/" + i1+"/quotas",schemaPath:"#/properties/partners/items/properties/quotas/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data20.orgs !== undefined){
let data21 = data20.orgs;
if(!(((typeof data21 == "number") && (!(data21 % 1) && !isNaN(data21))) && (isFinite(data21)))){
const err36 = {instancePath:instancePath+"/partners/" + i1+"/quotas/orgs",schemaPath:"#/properties/partners/items/properties/quotas/properties/orgs/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
if((typeof data21 == "number") && (isFinite(data21))){
if(data21 < 0 || isNaN(data21)){
const err37 = {instancePath:instancePath+"/partners/" + i1+"/quotas/orgs",schemaPath:"#/properties/partners/items/properties/quotas/properties/orgs/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
}
}
if(data20.login_links !== undefined){
let data22 = data20.login_links;
if(!(((typeof data22 == "number") && (!(data22 % 1) && !isNaN(data22))) && (isFinite(data22)))){
const err38 = {instancePath:instancePath+"/partners/" + i1+"/quotas/login_links",schemaPath:"#/properties/partners/items/properties/quotas/properties/login_links/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
if((typeof data22 == "number") && (isFinite(data22))){
if(data22 < 0 || isNaN(data22)){
const err39 = {instancePath:instancePath+"/partners/" + i1+"/quotas/login_links",schemaPath:"#/properties/partners/items/properties/quotas/properties/login_links/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
}
if(data20.stored_bytes !== undefined){
let data23 = data20.stored_bytes;
if(!(((typeof data23 == "number") && (!(data23 % 1) && !isNaN(data23))) && (isFinite(data23)))){
const err40 = {instancePath:instancePath+"/partners/" + i1+"/quotas/stored_bytes",schemaPath:"#/properties/partners/items/properties/quotas/properties/stored_bytes/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
if((typeof data23 == "number") && (isFinite(data23))){
if(data23 < 0 || isNaN(data23)){
const err41 = {instancePath:instancePath+"/partners/" + i1+"/quotas/stored_bytes",schemaPath:"#/properties/partners/items/properties/quotas/properties/stored_bytes/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
}
else {
const err42 = {instancePath:instancePath+"/partners/" + i1+"/quotas",schemaPath:"#/properties/partners/items/properties/quotas/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
}
else {
const err43 = {instancePath:instancePath+"/partners/" + i1,schemaPath:"#/properties/partners/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
}
else {
const err44 = {instancePath:instancePath+"/partners",schemaPath:"#/properties/partners/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
}
else {
const err45 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
validate20.errors = vErrors;
return errors === 0;
}
validate20.evaluated = {"props":true,"dynamicProps":false,"dynamicItems":false};
