import { describePlatformContract } from '../contract';

describePlatformContract('gitlab');
